using BsrnVideo.Service;
using Microsoft.Extensions.DependencyInjection;

namespace BsrnVideo.Tests.Service;

public sealed class ServiceHostTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080")]
    [InlineData("http://+:9000/", "http://127.0.0.1:9000")]
    [InlineData("http://192.168.1.5:8080", "http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080", "http://localhost:8080")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080")]
    [InlineData("http://[::]:8080;http://127.0.0.1:1", "http://127.0.0.1:8080;http://127.0.0.1:1")]
    public void LoopbackOnly_WithoutToken_MovesEveryOtherHostToLoopback(string urls, string expected) =>
        Assert.Equal(expected, ServiceHost.LoopbackOnly(urls));

    [Fact]
    public async Task Build_SchemeAllowListFromConfiguration_ReplacesTheDefaults()
    {
        await using Microsoft.AspNetCore.Builder.WebApplication app = ServiceHost.Build(
            ["--urls", "http://127.0.0.1:0", "--BsrnVideo:InputSchemes:0=srt", "--BsrnVideo:OutputSchemes:0=rtmp"]);
        ServiceOptions options = app.Services.GetRequiredService<ServiceOptions>();
        Assert.Equal(["srt"], options.InputSchemes);
        Assert.Equal(["rtmp"], options.OutputSchemes);
    }
}
