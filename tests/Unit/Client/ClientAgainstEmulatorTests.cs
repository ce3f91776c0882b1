using System.Net;
using PSDropbox.Client;

namespace PSDropbox.Tests.Unit.Client;

public class ClientAgainstEmulatorTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fx;

    public ClientAgainstEmulatorTests(EmulatorFixture fixture) => _fx = fixture;

    private static string Unique(string name) => $"/{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Account_and_space_usage_come_back_typed()
    {
        var account = await _fx.Client.Users.GetAccountAsync(CancellationToken.None);
        Assert.StartsWith("dbid:", account.AccountId);
        Assert.False(string.IsNullOrEmpty(account.DisplayName));
        Assert.True(account.Allocated > 0);
        Assert.Equal("basic", account.AccountType);
    }

    [Fact]
    public async Task Created_folder_reads_back_with_case_preserved_and_lower_path()
    {
        var path = Unique("Mixed Case");
        var created = await _fx.Client.Files.CreateFolderAsync(path, false, CancellationToken.None);
        Assert.Equal(path.TrimStart('/'), created.Name);
        Assert.Equal(path.ToLowerInvariant(), created.PathLower);
        Assert.StartsWith("id:", created.Id);

        var read = await _fx.Client.Files.GetMetadataAsync(path.ToUpperInvariant(), false, CancellationToken.None);
        var folder = Assert.IsType<DropboxFolder>(read);
        Assert.Equal(created.Id, folder.Id);
        Assert.Equal(path, folder.Path);
    }

    [Fact]
    public async Task Listing_pages_through_every_entry_with_cursors()
    {
        var root = Unique("paging");
        for (var i = 0; i < 7; i++) await _fx.Client.Files.CreateFolderAsync($"{root}/f{i}", false, CancellationToken.None);

        var names = new List<string>();
        var pages = 0;
        var page = await _fx.Client.Files.ListFolderAsync(root, false, false, 2, CancellationToken.None);
        while (true)
        {
            pages++;
            names.AddRange(page.Entries.Select(e => e.Name));
            if (!page.HasMore) break;
            page = await _fx.Client.Files.ListFolderContinueAsync(page.Cursor, CancellationToken.None);
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"f{i}"), names.OrderBy(n => n));
        Assert.True(pages >= 4, $"expected at least 4 pages of 2, got {pages}");
    }

    [Fact]
    public async Task Missing_path_is_a_typed_409_with_the_tag_path()
    {
        var e = await Assert.ThrowsAsync<DropboxApiException>(() => _fx.Client.Files.GetMetadataAsync(Unique("nope"), false, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("path/not_found", e.TagPath);
        Assert.Equal("files/get_metadata", e.Route);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
    }

    [Fact]
    public async Task Deleted_folder_reads_back_as_a_deleted_entry_with_include_deleted()
    {
        var folder = Unique("notfolder");
        await _fx.Client.Files.CreateFolderAsync(folder, false, CancellationToken.None);
        await _fx.Client.Files.DeleteAsync(folder, null, CancellationToken.None);
        var deleted = await _fx.Client.Files.GetMetadataAsync(folder, true, CancellationToken.None);
        Assert.IsType<DropboxDeleted>(deleted);
    }

    [Fact]
    public async Task Unknown_token_is_an_auth_exception_that_does_not_contain_the_token()
    {
        using var client = _fx.NewClient("sl.wrong-token-abcdef");
        var e = await Assert.ThrowsAsync<DropboxAuthException>(() => client.Users.GetCurrentAccountAsync(CancellationToken.None));
        Assert.Equal("invalid_access_token", e.Tag);
        Assert.DoesNotContain("sl.wrong-token-abcdef", e.ToString());
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_connection_exception()
    {
        using var nowhere = new Transport.RefusingPort();
        using var client = new DropboxClient(new PSDropbox.Transport.DropboxTransport(
            PSDropbox.Transport.DropboxEndpoints.SingleBase(nowhere.Url), new PSDropbox.Transport.StaticTokenSource("t")));
        var e = await Assert.ThrowsAsync<DropboxConnectionException>(() => client.Users.GetCurrentAccountAsync(CancellationToken.None));
        Assert.Contains(nowhere.Url.Authority, e.Message);
    }

    [Fact]
    public async Task Non_ascii_names_round_trip()
    {
        var path = Unique("Ünïcödé 😀 ファイル");
        var created = await _fx.Client.Files.CreateFolderAsync(path, false, CancellationToken.None);
        Assert.Equal(path, created.Path);
        var nfd = path.Normalize(System.Text.NormalizationForm.FormD);
        var read = await _fx.Client.Files.GetMetadataAsync(nfd, false, CancellationToken.None);
        Assert.Equal(created.Id, ((DropboxFolder)read).Id);
    }
}
