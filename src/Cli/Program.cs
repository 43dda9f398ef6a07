using System.CommandLine;
using BsrnVideo.Cli.Commands;

namespace BsrnVideo.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        RootCommand root = UpscaleCommand.Create();
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !WantsHelp(args))
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(ExitCodes.HelpLine(CommandPath(parse))).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        // Commands handle SIGINT/SIGTERM themselves (graceful stop first, hard exit on the second signal).
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    private static bool WantsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult command)
            {
                names.Insert(0, command.Command is RootCommand ? "bsrn-video" : command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
