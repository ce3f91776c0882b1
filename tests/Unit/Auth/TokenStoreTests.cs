using PSDropbox.Client;
using PSDropbox.SignIn;

namespace PSDropbox.Tests.Unit.Auth;

public sealed class TokenStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "psdropbox-store-" + Guid.NewGuid().ToString("N"), "profiles");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_dir))) Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("x y")]
    public void Refuses_profile_names_that_are_not_plain_file_names(string name) =>
        Assert.Throws<ArgumentException>(() => new TokenStore(_dir).PathOf(name));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Windows protects profiles with DPAPI and the profile ACL
    public void Writes_owner_only_files_in_an_owner_only_folder_and_reads_them_back()
    {
        var store = new TokenStore(_dir);
        store.Write(new StoredProfile { Name = "work", AppKey = "k", RefreshToken = "r", AccessToken = "a", ExpiresAt = 42 });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf("work")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        var back = store.Read("work")!;
        Assert.Equal(("k", "r", "a", 42L), (back.AppKey, back.RefreshToken, back.AccessToken, back.ExpiresAt));
        Assert.Equal(["work"], store.Names());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void A_stored_profile_keeps_the_connection_settings_and_an_old_profile_reads_as_the_defaults()
    {
        var store = new TokenStore(_dir);
        var settings = new ConnectionSettings
        {
            Endpoints = PSDropbox.Transport.DropboxEndpoints.SingleBase(new Uri("http://127.0.0.1:8080")),
            PathRoot = "Root",
            Member = "ann@example.com",
            AsAdmin = true,
        };
        var profile = new StoredProfile { Name = "team", AppKey = "k", RefreshToken = "r" };
        settings.SaveTo(profile);
        store.Write(profile);

        var back = ConnectionSettings.From(store.Read("team")!);
        Assert.Equal(("http://127.0.0.1:8080/", "Root", "ann@example.com", true), (back.Endpoints.Api.ToString(), back.PathRoot, back.Member, back.AsAdmin));

        store.Write(new StoredProfile { Name = "old", AppKey = "k", RefreshToken = "r" });
        var old = ConnectionSettings.From(store.Read("old")!);
        Assert.Equal((true, "Home", null, false), (old.Endpoints.IsDropbox, old.PathRoot, old.Member, old.AsAdmin));
    }

    [Fact]
    public void A_damaged_profile_is_reported_as_unreadable_not_as_a_crash()
    {
        var store = new TokenStore(_dir);
        Directory.CreateDirectory(_dir);
        File.WriteAllText(store.PathOf("bad"), "{ not json");
        var e = Assert.Throws<ProfileUnreadableException>(() => store.Read("bad"));
        Assert.Contains("Disconnect-Dropbox -Name bad", e.Message);
    }

    [Fact]
    public async Task The_profile_lock_is_exclusive_until_released()
    {
        var store = new TokenStore(_dir);
        var first = await store.LockAsync("p", CancellationToken.None);
        var second = store.LockAsync("p", CancellationToken.None);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Processes_refreshing_one_profile_at_once_refresh_it_once_and_share_the_new_token()
    {
        await using var emulator = await OAuthEmulator.StartAsync();
        var store = new TokenStore(_dir);
        var prompt = new ScriptedPrompt(lines => emulator.ApproveAsync(ScriptedPrompt.ChallengeIn(lines))!);
        using (await new SignInService(new ConnectionSettings { Endpoints = emulator.Endpoints }, prompt)
                   .WithPastedCodeAsync(new OAuthApp(OAuthEmulator.AppKey), null, new ProfileTarget(store, "shared"), CancellationToken.None))
        {
        }
        var stale = store.Read("shared")!;
        stale.ExpiresAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60; // every reader now sees a token due for refresh
        store.Write(stale);
        int callsBefore = emulator.TokenEndpointCalls;

        // Separate store and token-source instances stand in for separate processes: only the lock file is shared.
        var connections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            var separate = new TokenStore(_dir);
            var stored = separate.Read("shared")!;
            return new SignInService(ConnectionSettings.From(stored)).FromProfileAsync(separate, "shared", stored, CancellationToken.None);
        })));
        try
        {
            Assert.Equal(1, emulator.TokenEndpointCalls - callsBefore);
            var saved = store.Read("shared")!;
            Assert.NotEqual(stale.AccessToken, saved.AccessToken);
            Assert.All(connections, c => Assert.Equal(saved.AccessToken, c.OAuth!.AccessToken));
        }
        finally
        {
            foreach (var c in connections) c.Dispose();
        }
    }
}
