using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PSDropbox.SignIn;

/// <summary>Opens a URL in the user's browser: Windows shell, macOS open, elsewhere $BROWSER (as Python's webbrowser reads it) then xdg-open.</summary>
internal static class SystemBrowser
{
    /// <summary>Returns the command that was started, or null when no browser could be started.</summary>
    public static string? TryOpen(Uri url)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            return TryStart(new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }) ? "the default browser" : null;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            return TryStart(Command(new[] { "open" }, url)) ? "open" : null;
        var browser = Environment.GetEnvironmentVariable("BROWSER");
        if (!string.IsNullOrWhiteSpace(browser))
        {
            foreach (var entry in browser!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var words = SplitWords(entry);
                if (words.Count > 0 && TryStart(Command(words, url))) return words[0];
            }
        }
        return TryStart(Command(new[] { "xdg-open" }, url)) ? "xdg-open" : null;
    }

    /// <summary>"%s" in the command stands for the URL; without it the URL is the last argument.</summary>
    private static ProcessStartInfo Command(IReadOnlyList<string> words, Uri url)
    {
        var start = new ProcessStartInfo(words[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var arguments = words.Skip(1).Select(w => w.Replace("%s", url.AbsoluteUri)).ToList();
        if (!words.Skip(1).Any(w => w.Contains("%s"))) arguments.Add(url.AbsoluteUri);
        start.Arguments = string.Join(" ", arguments.Select(Quote));
        return start;
    }

    private static bool TryStart(ProcessStartInfo start)
    {
        try
        {
            var process = Process.Start(start);
            if (process is null) return false;
            if (start.RedirectStandardOutput)
            {
                // A browser's chatter must not reach the PowerShell console, nor block on a full pipe.
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.StandardInput.Close();
            }
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Splits a command line into words: whitespace separates, single or double quotes group.</summary>
    internal static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else current.Append(c);
            }
            else if (c == '"' || c == '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
}
