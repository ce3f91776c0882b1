using PSDropbox.Client;
using PSDropbox.Emulator;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Client;

/// <summary>A fresh in-process emulator and a client connected to it with a known token.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string Token = "sl.unit-test-token-0123456789";
    private readonly string _data = Directory.CreateTempSubdirectory("psdropbox-unit-").FullName;

    public DropboxEmulator Emulator { get; private set; } = null!;
    public DropboxClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await DropboxEmulator.StartAsync(new EmulatorOptions { Port = 0, DataDirectory = _data, AccessToken = Token });
        Client = NewClient(Token);
    }

    public DropboxClient NewClient(string token) =>
        new(new DropboxTransport(DropboxEndpoints.SingleBase(Emulator.BaseUrl), new StaticTokenSource(token)));

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
