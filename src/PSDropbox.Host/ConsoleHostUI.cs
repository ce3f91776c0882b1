using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace PSDropbox.Host;

/// <summary>Console rendering for the embedded engine: output, errors in red, progress on one line of stderr.</summary>
internal sealed class ConsoleHostUI : PSHostUserInterface
{
    private readonly ConsoleRawUI _raw = new();
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _raw;

    public override string ReadLine() => Console.ReadLine() ?? "";

    public override SecureString ReadLineAsSecureString()
    {
        var secure = new SecureString();
        if (Console.IsInputRedirected)
        {
            foreach (var c in Console.ReadLine() ?? "") secure.AppendChar(c);
            return secure;
        }
        ConsoleKeyInfo key;
        while ((key = Console.ReadKey(intercept: true)).Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace && secure.Length > 0) secure.RemoveAt(secure.Length - 1);
            else if (!char.IsControl(key.KeyChar)) secure.AppendChar(key.KeyChar);
        }
        Console.WriteLine();
        return secure;
    }

    public override void Write(string value) => Out(value, null);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Out(value, foregroundColor);
    public override void WriteLine(string value) => Out(value + Environment.NewLine, null);
    public override void WriteErrorLine(string value) => Err(value, ConsoleColor.Red);
    public override void WriteDebugLine(string message) => Err("DEBUG: " + message, ConsoleColor.Yellow);
    public override void WriteVerboseLine(string message) => Err("VERBOSE: " + message, ConsoleColor.Yellow);
    public override void WriteWarningLine(string message) => Err("WARNING: " + message, ConsoleColor.Yellow);

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (Console.IsErrorRedirected) return;
        if (record.RecordType == ProgressRecordType.Completed)
        {
            if (_progressShown) Console.Error.Write("\r" + new string(' ', Width()) + "\r");
            _progressShown = false;
            return;
        }
        var percent = record.PercentComplete >= 0 ? $" {record.PercentComplete,3}%" : "";
        var line = $"{record.Activity}: {record.StatusDescription}{percent}";
        if (line.Length >= Width()) line = line.Substring(0, Width() - 1);
        Console.Error.Write("\r" + line.PadRight(Width() - 1));
        _progressShown = true;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var answers = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            Write(field.Name + ": ");
            answers[field.Name] = field.ParameterTypeName == nameof(SecureString)
                ? PSObject.AsPSObject(ReadLineAsSecureString())
                : PSObject.AsPSObject(ReadLine());
        }
        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
        if (!string.IsNullOrEmpty(message)) WriteLine(message);
        var labels = choices.Select(c => c.Label.Replace("&", "")).ToArray();
        while (true)
        {
            Write($"[{string.Join("] [", labels)}] (default is \"{labels[defaultChoice]}\"): ");
            var answer = ReadLine().Trim();
            if (answer.Length == 0) return defaultChoice;
            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label;
                var hot = label.IndexOf('&');
                if (answer.Equals(labels[i], StringComparison.OrdinalIgnoreCase) ||
                    (hot >= 0 && hot + 1 < label.Length && answer.Equals(label[hot + 1].ToString(), StringComparison.OrdinalIgnoreCase)))
                    return i;
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        WriteLine(message);
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine();
        }
        Write("Password: ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private static int Width() => Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth);

    private void Out(string text, ConsoleColor? color)
    {
        ClearProgress();
        text = GetOutputString(text, false);
        if (color is null || Console.IsOutputRedirected)
        {
            Console.Out.Write(text);
            return;
        }
        var previous = Console.ForegroundColor;
        Console.ForegroundColor = color.Value;
        Console.Out.Write(text);
        Console.ForegroundColor = previous;
    }

    private void Err(string text, ConsoleColor color)
    {
        ClearProgress();
        text = GetOutputString(text, false);
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(text);
            return;
        }
        var previous = Console.ForegroundColor;
        Console.ForegroundColor = color;
        Console.Error.WriteLine(text);
        Console.ForegroundColor = previous;
    }

    private void ClearProgress()
    {
        if (!_progressShown) return;
        Console.Error.Write("\r" + new string(' ', Width() - 1) + "\r");
        _progressShown = false;
    }
}
