using System.Globalization;
using System.Management.Automation.Host;

namespace PSDropbox.Host;

internal sealed class ConsoleHost : PSHost
{
    private readonly ConsoleHostUI _ui = new();

    public int? ExitCode { get; private set; }

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "PSDropbox.Host";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
}
