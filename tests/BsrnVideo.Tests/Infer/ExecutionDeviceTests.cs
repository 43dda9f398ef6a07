using BsrnVideo.Infer;
using BsrnVideo.Infer.Onnx;
using Xunit;

namespace BsrnVideo.Tests.Infer;

public sealed class ExecutionDeviceTests
{
    [Theory]
    [InlineData("cpu", ExecutionDeviceKind.Cpu, 0)]
    [InlineData("CUDA", ExecutionDeviceKind.Cuda, 0)]
    [InlineData("cuda:3", ExecutionDeviceKind.Cuda, 3)]
    [InlineData("auto", ExecutionDeviceKind.Auto, 0)]
    public void Parse_KnownValue_ReturnsTheDevice(string text, ExecutionDeviceKind kind, int id)
    {
        Assert.Equal(new ExecutionDevice(kind, id), ExecutionDevice.Parse(text));
    }

    [Theory]
    [InlineData("cuda:x")]
    [InlineData("gpu0")]
    [InlineData("cuda:-1")]
    public void Parse_UnknownValue_ThrowsInferenceExceptionListingTheChoices(string text)
    {
        var e = Assert.Throws<InferenceException>(() => ExecutionDevice.Parse(text));

        Assert.Contains("cpu, cuda, cuda:N", e.Message, StringComparison.Ordinal);
    }
}
