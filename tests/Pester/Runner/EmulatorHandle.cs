using System.Security.Cryptography;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Pester;

/// <summary>A fresh in-process emulator for one test file (port 0, its own data folder, a random token).</summary>
public sealed class EmulatorHandle : IAsyncDisposable
{
    private readonly DropboxEmulator _emulator;

    private EmulatorHandle(DropboxEmulator emulator, string token)
    {
        _emulator = emulator;
        AccessToken = token;
    }

    public Uri BaseUrl => _emulator.BaseUrl;
    public string AccessToken { get; }

    /// <summary>Recognisable in logs: sl.PSDTEST. + 40 lowercase hex characters.</summary>
    public static string NewToken() => "sl.PSDTEST." + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();

    public static async Task<EmulatorHandle> StartAsync(string dataDirectory, CancellationToken ct = default)
    {
        var token = NewToken();
        var emulator = await DropboxEmulator.StartAsync(new EmulatorOptions { Port = 0, DataDirectory = dataDirectory, AccessToken = token }, ct).ConfigureAwait(false);
        return new EmulatorHandle(emulator, token);
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
