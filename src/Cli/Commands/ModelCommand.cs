using System.CommandLine;

namespace BsrnVideo.Cli.Commands;

/// <summary><c>bsrn-video model export|info</c>.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Build or inspect ONNX models");
        return command;
    }
}
