using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace PSDropbox.Tests.Pester;

/// <summary>A PSHost that captures everything written to the host UI (Write-Host, Out-Default,
/// "What if:" text, warnings, verbose) into a sink, strips ANSI, and fails prompts fast.</summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui;
    private readonly Guid _id = Guid.NewGuid();

    public CapturingHost(Action<string> sink) => _ui = new CapturingUI(sink);

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId => _id;
    public override string Name => "PSDropbox.Tests.Pester";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported in tests.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported in tests.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class CapturingUI : PSHostUserInterface
    {
        private readonly Action<string> _sink;
        private readonly StringBuilder _line = new();
        private readonly CapturingRawUI _raw = new();

        public CapturingUI(Action<string> sink) => _sink = sink;

        public override PSHostRawUserInterface RawUI => _raw;
        public override bool SupportsVirtualTerminal => false;

        private void Emit(string? text, bool newLine)
        {
            var clean = GetOutputString(text ?? string.Empty, false);
            lock (_line)
            {
                _line.Append(clean);
                if (!newLine) return;
                _sink(_line.ToString());
                _line.Clear();
            }
        }

        private static Exception NoPrompt(string what) =>
            new PSInvalidOperationException($"The test host cannot {what}: tests must not prompt (use -Confirm:$false / -Force).");

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw NoPrompt($"prompt ({caption}: {message})");
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPrompt($"ask for a choice ({caption}: {message})");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPrompt("prompt for a credential");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPrompt("prompt for a credential");
        public override string ReadLine() => throw NoPrompt("read a line");
        public override SecureString ReadLineAsSecureString() => throw NoPrompt("read a secure string");
        public override void Write(string value) => Emit(value, false);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Emit(value, false);
        public override void WriteLine(string value) => Emit(value, true);
        public override void WriteDebugLine(string message) => Emit("DEBUG: " + message, true);
        public override void WriteErrorLine(string value) => Emit("ERROR: " + value, true);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Emit("VERBOSE: " + message, true);
        public override void WriteWarningLine(string message) => Emit("WARNING: " + message, true);
        public override void WriteInformation(InformationRecord record) { }
    }

    private sealed class CapturingRawUI : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Size BufferSize { get; set; } = new(200, 3000);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new(200, 3000);
        public override Size MaxWindowSize => new(200, 3000);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new(200, 50);
        public override string WindowTitle { get; set; } = "tests";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("The test host cannot read keys.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
