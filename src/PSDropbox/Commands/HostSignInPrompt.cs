using System.Management.Automation;
using PSDropbox.SignIn;

namespace PSDropbox.Commands;

/// <summary>The sign-in prompt on the PowerShell host: lines and questions go through the pipeline thread.</summary>
internal sealed class HostSignInPrompt : ISignInPrompt
{
    private readonly PSCmdlet _cmdlet;
    private readonly PipelineBridge _bridge;

    public HostSignInPrompt(PSCmdlet cmdlet, PipelineBridge bridge)
    {
        _cmdlet = cmdlet;
        _bridge = bridge;
        WhyNotInteractive = HostInteraction.WhyNotInteractive(cmdlet.Host);
    }

    public string? WhyNotInteractive { get; }

    public Task WriteLineAsync(string line) => _bridge.InvokeAsync(() => _cmdlet.Host.UI.WriteLine(line));

    public async Task<string?> ReadLineAsync(string prompt)
    {
        Exception? failure = null;
        var line = await _bridge.InvokeAsync(() =>
        {
            _cmdlet.Host.UI.Write(prompt);
            return HostInteraction.ReadLine(_cmdlet.Host.UI, out failure);
        }).ConfigureAwait(false);
        if (failure is not null)
            throw SignInException.NonInteractive($"the PowerShell host cannot read input ({failure.Message})", "read a pasted sign-in code", failure);
        return line;
    }

    public void WriteWarning(string text) => _bridge.WriteWarning(text);

    public void WriteVerbose(string text) => _bridge.WriteVerbose(text);
}
