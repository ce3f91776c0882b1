using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Emulator.Domain;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

public sealed class EmulatorAccountAndStateTests
{
    [Fact]
    public async Task GetCurrentAccount_HasFullAccountShape()
    {
        await using var h = await StartAsync();
        var j = await h.OkAsync("users/get_current_account", null);
        Assert.Equal(["account_id", "name", "email", "email_verified", "disabled", "country", "locale", "referral_link", "is_paired", "account_type", "root_info"], PropertyNames(j));
        Assert.Matches(new Regex(@"^dbid:[A-Za-z0-9_-]{35}$"), j.GetProperty("account_id").GetString());
        var name = j.GetProperty("name");
        Assert.Equal(["given_name", "surname", "familiar_name", "display_name", "abbreviated_name"], PropertyNames(name));
        Assert.Equal("Emulator", name.GetProperty("given_name").GetString());
        Assert.Equal("User", name.GetProperty("surname").GetString());
        Assert.Equal("Emulator User", name.GetProperty("display_name").GetString());
        Assert.Equal("user@emulator.local", j.GetProperty("email").GetString());
        Assert.True(j.GetProperty("email_verified").GetBoolean());
        Assert.False(j.GetProperty("disabled").GetBoolean());
        Assert.False(j.GetProperty("is_paired").GetBoolean());
        Assert.Equal("US", j.GetProperty("country").GetString());
        Assert.Equal("en", j.GetProperty("locale").GetString());
        Assert.Equal("{\".tag\":\"basic\"}", j.GetProperty("account_type").GetRawText());
        var root = j.GetProperty("root_info");
        Assert.Equal("user", root.GetProperty(".tag").GetString());
        Assert.Equal(root.GetProperty("root_namespace_id").GetString(), root.GetProperty("home_namespace_id").GetString());
        Assert.Matches(new Regex("^[0-9]+$"), root.GetProperty("root_namespace_id").GetString());
    }

    [Fact]
    public async Task GetSpaceUsage_SumsLiveFiles()
    {
        await using var h = await StartAsync();
        var empty = await h.OkAsync("users/get_space_usage", null);
        Assert.Equal("{\"used\":0,\"allocation\":{\".tag\":\"individual\",\"allocated\":2199023255552}}", empty.GetRawText());
        await h.SeedAsync("", ("a.bin", "12345"), ("d/b.bin", "123"));
        var used = await h.OkAsync("users/get_space_usage", "null");
        Assert.Equal(8, used.GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task State_SurvivesRestart_WithSameDataDirectory()
    {
        await using var h = await StartAsync();
        string account = (await h.OkAsync("users/get_current_account", null)).GetProperty("account_id").GetString()!;
        await h.SeedAsync("/Keep", ("k.txt", "keep"));
        var file = await h.OkAsync("files/get_metadata", "{\"path\":\"/keep/k.txt\"}");
        var listing = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}");
        var oldUrl = h.Emulator.BaseUrl;

        await h.RestartAsync();

        Assert.Equal(account, (await h.OkAsync("users/get_current_account", null)).GetProperty("account_id").GetString());
        var again = await h.OkAsync("files/get_metadata", "{\"path\":\"/keep/k.txt\"}");
        Assert.Equal(file.GetRawText(), again.GetRawText());
        await h.CreateFolderAsync("/After Restart");
        var changes = await h.OkAsync("files/list_folder/continue", J(new { cursor = listing.GetProperty("cursor").GetString() }));
        Assert.Equal("/After Restart", changes.GetProperty("entries")[0].GetProperty("path_display").GetString());
        Assert.NotNull(oldUrl);
    }

    [Theory]
    [InlineData(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(4 * 1024 * 1024, "c7e946d101855255d919ef0c70718633adf77d3dfb3adeeecf5d0cb4e951be58")]
    [InlineData(4 * 1024 * 1024 + 1, "14a4d47f23a30177885d9820122f17d2d3a55fe63f7f5c27b95f689e0b2accd6")]
    [InlineData(8 * 1024 * 1024, "03ae066c707c588592d9e27aa2444ca98423e0999024f1ceaa11a153790b37de")]
    public async Task ContentHash_ZeroVectors_OneShotChunkedAndStreamed(int length, string expected)
    {
        var data = new byte[length];
        Assert.Equal(expected, ContentHasher.Compute(data));
        using (var chunked = new ContentHasher())
        {
            for (int offset = 0; offset < length; offset += 1_000_003)
            {
                chunked.Append(data.AsSpan(offset, Math.Min(1_000_003, length - offset)));
            }
            Assert.Equal(expected, chunked.Finish());
        }
        Assert.Equal(expected, await ContentHasher.ComputeAsync(new MemoryStream(data)));
    }

    [Fact]
    public void ContentHash_Hello()
    {
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", ContentHasher.Compute("hello"u8));
    }

    [Fact]
    public async Task Seed_LargeFile_IsStreamedIntoContentAddressedBlob()
    {
        await using var h = await StartAsync();
        string src = h.TempDir();
        await File.WriteAllBytesAsync(Path.Combine(src, "big.bin"), new byte[4 * 1024 * 1024 + 1]);
        var resp = await h.Http.PostAsync("_emulator/seed", new StringContent(J(new { source = src, path = "/Big" }), Encoding.UTF8, "application/json"));
        Assert.Equal("{\"files\":1,\"folders\":1}", await resp.Content.ReadAsStringAsync());
        var j = await h.OkAsync("files/get_metadata", "{\"path\":\"/big/big.bin\"}");
        const string hash = "14a4d47f23a30177885d9820122f17d2d3a55fe63f7f5c27b95f689e0b2accd6";
        Assert.Equal(hash, j.GetProperty("content_hash").GetString());
        string blob = Path.Combine(h.DataDir, "blobs", hash[..2], hash);
        Assert.Equal(4 * 1024 * 1024 + 1, new FileInfo(blob).Length);
    }

    [Fact]
    public async Task SeedOption_LoadsTreeAtStart_AndMergesOnRestart()
    {
        string seed = NewTempDir();
        Directory.CreateDirectory(Path.Combine(seed, "Sub"));
        await File.WriteAllTextAsync(Path.Combine(seed, "Sub", "one.txt"), "1");
        await File.WriteAllTextAsync(Path.Combine(seed, "desktop.ini"), "skipped");
        string data = NewTempDir();
        await using (var h = await StartAsync(data, seed))
        {
            var list = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}");
            Assert.Equal(["/Sub", "/Sub/one.txt"], list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path_display").GetString()).ToList());
        }
        await File.WriteAllTextAsync(Path.Combine(seed, "two.txt"), "2");
        await using (var h = await StartAsync(data, seed))
        {
            var list = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}");
            Assert.Equal(3, list.GetProperty("entries").GetArrayLength());
        }
        DeleteDir(seed);
        DeleteDir(data);
    }

    [Fact]
    public async Task AdminRequests_CountsAndFiltersAndClears()
    {
        await using var h = await StartAsync();
        await h.OkAsync("files/list_folder", "{\"path\":\"\"}");
        await h.CallAsync("files/get_metadata", "{\"path\":\"/nope\"}");
        await h.OkAsync("files/list_folder", "{\"path\":\"\"}");
        var all = JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/requests")).RootElement;
        Assert.Equal(3, all.GetArrayLength());
        Assert.Equal(["seq", "method", "route", "status", "duration_ms"], PropertyNames(all[0]));
        Assert.Equal("POST", all[1].GetProperty("method").GetString());
        Assert.Equal("files/get_metadata", all[1].GetProperty("route").GetString());
        Assert.Equal(409, all[1].GetProperty("status").GetInt32());
        var filtered = JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/requests?route=files/list_folder")).RootElement;
        Assert.Equal(2, filtered.GetArrayLength());
        Assert.True(filtered[1].GetProperty("seq").GetInt64() > filtered[0].GetProperty("seq").GetInt64());
        var del = await h.Http.DeleteAsync("_emulator/requests");
        Assert.True(del.IsSuccessStatusCode);
        Assert.Equal("[]", await h.Http.GetStringAsync("_emulator/requests"));
    }

    [Fact]
    public async Task AdminSeed_TenThousandEntries_PagesCompletely()
    {
        await using var h = await StartAsync();
        string src = h.TempDir();
        for (int d = 0; d < 100; d++)
        {
            string dir = Path.Combine(src, $"dir{d:D3}");
            Directory.CreateDirectory(dir);
            for (int f = 0; f < 99; f++)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, $"file{f:D2}.txt"), $"{d}/{f}");
            }
        }
        var resp = await h.Http.PostAsync("_emulator/seed", new StringContent(J(new { source = src, path = "/big" }), Encoding.UTF8, "application/json"));
        Assert.Equal("{\"files\":9900,\"folders\":101}", await resp.Content.ReadAsStringAsync());

        int count = 0;
        var page = await h.OkAsync("files/list_folder", "{\"path\":\"/big\",\"recursive\":true}");
        count += page.GetProperty("entries").GetArrayLength();
        while (page.GetProperty("has_more").GetBoolean())
        {
            page = await h.OkAsync("files/list_folder/continue", J(new { cursor = page.GetProperty("cursor").GetString() }));
            count += page.GetProperty("entries").GetArrayLength();
        }
        Assert.Equal(10_001, count); // /big itself + 100 folders + 9900 files
    }
}
