using PSDropbox.Client;
using PSDropbox.SignIn;

namespace PSDropbox.Tests.Unit.Auth;

public sealed class SignInServiceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "psdropbox-signin-" + Guid.NewGuid().ToString("N"), "profiles");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_dir))) Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);
    }

    [Fact]
    public async Task The_paste_code_flow_shows_the_authorize_address_reads_the_code_and_stores_the_sign_in_with_its_endpoint()
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var prompt = new ScriptedPrompt(lines => emulator.ApproveAsync(ScriptedPrompt.ChallengeIn(lines))!);
        var store = new TokenStore(_dir);
        var service = new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, prompt);

        using var connection = await service.WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, new ProfileTarget(store, "work"), CancellationToken.None);

        Assert.Equal(("PasteCode", "user@emulator.local", "work"), (connection.AuthenticationType, connection.Email, connection.Profile));
        Assert.Equal("Access code: ", prompt.Lines.Last());
        var saved = store.Read("work")!;
        Assert.Equal((OAuthEmulator.AppKey, connection.AccountId, emulator.Endpoints.Api.ToString()), (saved.AppKey, saved.AccountId, saved.Endpoint));
        Assert.NotEmpty(saved.RefreshToken);
        Assert.Equal("user@emulator.local", (await connection.Client!.Users.GetCurrentAccountAsync(CancellationToken.None)).Email);
    }

    [Fact]
    public async Task A_profile_opens_with_the_settings_it_was_saved_with()
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var store = new TokenStore(_dir);
        var prompt = new ScriptedPrompt(lines => emulator.ApproveAsync(ScriptedPrompt.ChallengeIn(lines))!);
        using (await new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, prompt)
                   .WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, new ProfileTarget(store, "p"), CancellationToken.None))
        {
        }

        var stored = store.Read("p")!;
        using var connection = await new SignInService(ConnectionSettings.From(stored)).FromProfileAsync(store, "p", stored, CancellationToken.None);

        Assert.Equal(("Profile", "p"), (connection.AuthenticationType, connection.Profile));
        Assert.Equal(emulator.Endpoints.Api, connection.Settings.Endpoints.Api);
        Assert.Equal(connection.AccountId, (await connection.Client!.Users.GetCurrentAccountAsync(CancellationToken.None)).AccountId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Flows_that_need_a_person_fail_at_once_where_nobody_can_answer_and_listen_on_nothing(bool browser)
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var asked = false;
        var prompt = new ScriptedPrompt(_ => { asked = true; return Task.FromResult<string?>("code"); }, "this process is not interactive");
        var service = new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, prompt);
        var port = FreePort();

        var e = await Assert.ThrowsAsync<SignInException>(() => browser
            ? service.WithBrowserAsync(new OAuthApp(OAuthEmulator.AppKey), port, TimeSpan.FromMinutes(5), null, null, CancellationToken.None)
            : service.WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, null, CancellationToken.None));

        Assert.Equal(SignInFailure.NonInteractive, e.Reason);
        Assert.Contains("this process is not interactive", e.Message);
        Assert.Contains("Connect-Dropbox -Name", e.Message);
        Assert.False(asked);
        Assert.Empty(prompt.Lines);
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start(); // the browser flow never took the port
        listener.Stop();
        Assert.Equal(0, emulator.TokenEndpointCalls);
    }

    [Fact]
    public async Task An_empty_pasted_code_signs_nothing_in()
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var service = new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, new ScriptedPrompt(_ => Task.FromResult<string?>("  ")));

        var e = await Assert.ThrowsAsync<SignInException>(() => service.WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, null, CancellationToken.None));

        Assert.Equal(SignInFailure.NoCode, e.Reason);
        Assert.Equal(0, emulator.TokenEndpointCalls);
    }

    [Fact]
    public async Task One_connection_used_from_many_threads_refreshes_an_expired_token_once()
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var prompt = new ScriptedPrompt(lines => emulator.ApproveAsync(ScriptedPrompt.ChallengeIn(lines))!);
        using var connection = await new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, prompt)
            .WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, null, CancellationToken.None);
        var before = emulator.TokenEndpointCalls;
        var firstToken = connection.OAuth!.AccessToken;
        Assert.True(await emulator.ExpireTokensAsync() > 0);

        var accounts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            connection.Client!.Users.GetCurrentAccountAsync(CancellationToken.None))));

        Assert.All(accounts, a => Assert.Equal(connection.AccountId, a.AccountId));
        Assert.Equal(1, emulator.TokenEndpointCalls - before);
        Assert.NotEqual(firstToken, connection.OAuth.AccessToken);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
