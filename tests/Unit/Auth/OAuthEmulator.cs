using System.Text.RegularExpressions;
using PSDropbox.Emulator;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Auth;

/// <summary>An in-process emulator with one PKCE app, and a way to sign its account in like a browser would.</summary>
internal sealed partial class OAuthEmulator : IAsyncDisposable
{
    public const string AppKey = "unit-app";
    private readonly string _data;

    private OAuthEmulator(DropboxEmulator emulator, string data)
    {
        Emulator = emulator;
        _data = data;
    }

    public DropboxEmulator Emulator { get; }
    public DropboxEndpoints Endpoints => DropboxEndpoints.SingleBase(Emulator.BaseUrl);

    public static async Task<OAuthEmulator> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("psdropbox-oauth-").FullName;
        var options = new EmulatorOptions { Port = 0, DataDirectory = data };
        options.Apps.Add(new EmulatorApp { AppKey = AppKey });
        return new OAuthEmulator(await DropboxEmulator.StartAsync(options), data);
    }

    /// <summary>Authorize page → Allow → the code shown on the page (no redirect_uri), for a PKCE challenge.</summary>
    public async Task<string> ApproveAsync(string codeChallenge)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Emulator.BaseUrl };
        var page = await http.GetStringAsync(
            $"oauth2/authorize?response_type=code&client_id={AppKey}&token_access_type=offline&force_reapprove=true&code_challenge={codeChallenge}&code_challenge_method=S256");
        var consent = Consent().Match(page).Groups[1].Value;
        var answer = await http.PostAsync("oauth2/authorize", new FormUrlEncodedContent(new Dictionary<string, string> { ["consent"] = consent, ["decision"] = "allow" }));
        return Code().Match(await answer.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    /// <summary>Makes every issued access token expire now (POST /_emulator/tokens/expire); returns how many did.</summary>
    public async Task<int> ExpireTokensAsync()
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var answer = await http.PostAsync("_emulator/tokens/expire", null);
        answer.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("expired").GetInt32();
    }

    public int TokenEndpointCalls => Emulator.RequestLog.Snapshot("oauth2/token").Count;

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [GeneratedRegex("name=\"consent\" value=\"([^\"]+)\"")]
    private static partial Regex Consent();

    [GeneratedRegex("<code id=\"code\">([^<]+)</code>")]
    private static partial Regex Code();
}
