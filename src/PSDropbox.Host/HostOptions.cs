namespace PSDropbox.Host;

/// <summary>Command line: -Emulator [-Seed DIR] [-Data DIR] [-Command TEXT | -File PATH [ARGS...]] [-Module PSD1].</summary>
internal sealed class HostOptions
{
    public bool Emulator { get; private set; }
    public string? Seed { get; private set; }
    public string? Data { get; private set; }
    public string? Command { get; private set; }
    public string? File { get; private set; }
    public List<string> FileArguments { get; } = new();
    public string? Module { get; private set; }
    public bool Help { get; private set; }

    public const string Usage = """
        psdropbox - PowerShell 7.6 with the PSDropbox module, for machines without pwsh.

          -Emulator        start a local Dropbox emulator and connect to it
          -Seed DIR        with -Emulator: load this local folder tree into the emulator
          -Data DIR        with -Emulator: keep the emulator's state in DIR (default: a temporary folder)
          -Command TEXT    run TEXT and exit
          -File PATH       run a script file (remaining arguments go to the script) and exit
          -Module PSD1     import this module manifest instead of the built out/PSDropbox
        Without -Command or -File an interactive prompt starts; 'exit' leaves it.
        """;

    public static HostOptions Parse(string[] args)
    {
        var options = new HostOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (options.File is not null)
            {
                options.FileArguments.Add(args[i]);
                continue;
            }
            var name = args[i].TrimStart('-').ToLowerInvariant();
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (name)
            {
                case "emulator": options.Emulator = true; break;
                case "seed": options.Seed = Value(); break;
                case "data": options.Data = Value(); break;
                case "command" or "c": options.Command = Value(); break;
                case "file" or "f": options.File = Value(); break;
                case "module": options.Module = Value(); break;
                case "help" or "h" or "?": options.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if ((options.Seed is not null || options.Data is not null) && !options.Emulator)
            throw new ArgumentException("-Seed and -Data only apply with -Emulator.");
        if (options.Command is not null && options.File is not null)
            throw new ArgumentException("Use -Command or -File, not both.");
        return options;
    }
}
