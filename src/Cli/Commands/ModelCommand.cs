using System.CommandLine;
using System.Globalization;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using BsrnVideo.Infer.Onnx;

namespace BsrnVideo.Cli.Commands;

/// <summary><c>bsrn-video model export|info</c>: build an ONNX file from a checkpoint, describe a model file.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Build or inspect ONNX models");
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateInfo());
        return command;
    }

    private static Command CreateExport()
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "BSRN checkpoint (.pth or .safetensors)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "ONNX file to write", Required = true };
        var fp16 = new Option<bool>("--fp16") { Description = "float16 weights and activations" };
        var io = new Option<string>("--io") { Description = "Graph input/output: uint8 (NHWC frames, pre/post-processing inside the graph) or float (NCHW 0..1)", DefaultValueFactory = _ => "float" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Stack traces on errors" };
        var export = new Command("export", "Write the BSRN network of a checkpoint as an ONNX file (opset 17, dynamic batch/height/width)");
        export.Options.Add(checkpoint);
        export.Options.Add(output);
        export.Options.Add(fp16);
        export.Options.Add(io);
        export.Options.Add(verbose);
        export.SetAction(parse =>
        {
            try
            {
                string ioKind = parse.GetValue(io)!;
                if (ioKind is not ("uint8" or "float"))
                {
                    throw new UsageException($"--io must be uint8 or float, not '{ioKind}'.");
                }

                var options = new BsrnGraphOptions { Fp16 = parse.GetValue(fp16), IoUInt8 = ioKind == "uint8" };
                BsrnCheckpoint loaded = BsrnGraphBuilder.Export(parse.GetValue(checkpoint)!, parse.GetValue(output)!, options);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"wrote {parse.GetValue(output)}: {loaded.Architecture.DisplayName}, {loaded.ParameterCount:N0} parameters, {(options.Fp16 ? "float16" : "float32")}, {ioKind} I/O"));
                return ExitCodes.Success;
            }
            catch (Exception e)
            {
                return ExitCodes.Report(e, parse.GetValue(verbose), Console.Error);
            }
        });
        return export;
    }

    private static Command CreateInfo()
    {
        var file = new Argument<string>("file") { Description = "An .onnx model" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Stack traces on errors" };
        var info = new Command("info", "Describe an ONNX model: inputs, outputs, opset, parameters, scale");
        info.Arguments.Add(file);
        info.Options.Add(verbose);
        info.SetAction(parse =>
        {
            try
            {
                ModelDescription model = ModelDescription.Read(parse.GetValue(file)!);
                Console.WriteLine(model.ToString());
                return ExitCodes.Success;
            }
            catch (Exception e)
            {
                return ExitCodes.Report(e, parse.GetValue(verbose), Console.Error);
            }
        });
        return info;
    }
}
