using System.Text.Json;
using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/upload: result shape, WriteMode rules, autorename, content_hash, client_modified, limits (§2.2).</summary>
public sealed class EmulatorUploadTests
{
    private static void AssertUploadConflict(Reply r, string with)
    {
        Assert.True(r.Status == 409, $"{r.Status}: {r.Body}");
        var j = r.Json;
        Assert.Matches(new Regex($"^path/conflict/{with}/\\.{{0,3}}$"), j.GetProperty("error_summary").GetString());
        var e = j.GetProperty("error");
        Assert.Equal("path", e.GetProperty(".tag").GetString());
        Assert.Equal([".tag", "reason", "upload_session_id"], PropertyNames(e));
        var reason = e.GetProperty("reason");
        Assert.Equal("conflict", reason.GetProperty(".tag").GetString());
        Assert.Equal(with, reason.GetProperty("conflict").GetProperty(".tag").GetString());
        Assert.StartsWith("pid_upload_session:", e.GetProperty("upload_session_id").GetString());
    }

    [Fact]
    public async Task RefusedUpload_KeepsTheBodyInASession_ThatFinishesElsewhere()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/keep.txt", "first"u8.ToArray());
        var refused = await h.UploadAsync("files/upload", "{\"path\":\"/keep.txt\"}", "second body"u8.ToArray());
        AssertUploadConflict(refused, "file");
        string session = refused.Json.GetProperty("error").GetProperty("upload_session_id").GetString()!;
        var finish = await h.UploadAsync("files/upload_session/finish",
            $"{{\"cursor\":{{\"session_id\":\"{session}\",\"offset\":11}},\"commit\":{{\"path\":\"/other.txt\"}}}}", []);
        Assert.True(finish.Status == 200, finish.Body);
        Assert.Equal("second body", await ContentOf(h, "/other.txt"));
        Assert.Equal("first", await ContentOf(h, "/keep.txt"));

        var malformed = await h.UploadAsync("files/upload", "{\"path\":\"/dir/\"}", "x"u8.ToArray());
        Assert.Equal(409, malformed.Status);
        var error = malformed.Json.GetProperty("error");
        Assert.Equal("{\".tag\":\"malformed_path\"}", error.GetProperty("reason").GetRawText());
        Assert.StartsWith("pid_upload_session:", error.GetProperty("upload_session_id").GetString());
    }

    private static async Task<string> ContentOf(EmulatorHarness h, string path) =>
        (await h.DownloadAsync($"{{\"path\":{JsonSerializer.Serialize(path)}}}")).Text;

    [Fact]
    public async Task Upload_ReturnsFileMetadataWithoutTag_AndTheBytesDownloadBack()
    {
        await using var h = await StartAsync();
        var j = await h.UploadOkAsync("/Docs/Hello.txt", "hello"u8.ToArray(), extra: ",\"client_modified\":\"2021-12-17T21:14:48Z\",\"mute\":true");
        Assert.Equal(["name", "path_lower", "path_display", "id", "client_modified", "server_modified", "rev", "size", "is_downloadable", "content_hash"],
            PropertyNames(j));
        Assert.Equal("/Docs/Hello.txt", j.GetProperty("path_display").GetString());
        Assert.Equal("2021-12-17T21:14:48Z", j.GetProperty("client_modified").GetString());
        Assert.Equal(5, j.GetProperty("size").GetInt64());
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", j.GetProperty("content_hash").GetString());
        var folder = await h.OkAsync("files/get_metadata", "{\"path\":\"/docs\"}");
        Assert.Equal("folder", folder.GetProperty(".tag").GetString());
        Assert.Equal("hello", await ContentOf(h, "/docs/hello.TXT"));
    }

    [Fact]
    public async Task Add_DifferentContentConflicts_IdenticalContentIsANoOp_UnlessStrict()
    {
        await using var h = await StartAsync();
        var first = await h.UploadOkAsync("/a.txt", "one"u8.ToArray());
        AssertUploadConflict(await h.UploadAsync("files/upload", "{\"path\":\"/a.txt\"}", "two"u8.ToArray()), "file");
        var again = await h.UploadOkAsync("/a.txt", "one"u8.ToArray(), extra: ",\"autorename\":true");
        Assert.Equal(first.GetProperty("rev").GetString(), again.GetProperty("rev").GetString());
        Assert.Equal("/a.txt", again.GetProperty("path_display").GetString());
        AssertUploadConflict(await h.UploadAsync("files/upload", "{\"path\":\"/a.txt\",\"strict_conflict\":true}", "one"u8.ToArray()), "file");
        Assert.Equal("one", await ContentOf(h, "/a.txt"));
    }

    [Fact]
    public async Task Overwrite_ReplacesKeepingTheId_AndAFolderIsAlwaysAConflict()
    {
        await using var h = await StartAsync();
        var first = await h.UploadOkAsync("/a.txt", "one"u8.ToArray());
        var second = await h.UploadOkAsync("/A.TXT", "two"u8.ToArray(), "\"overwrite\"");
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.NotEqual(first.GetProperty("rev").GetString(), second.GetProperty("rev").GetString());
        Assert.Equal("/a.txt", second.GetProperty("path_display").GetString());
        Assert.Equal("two", await ContentOf(h, "/a.txt"));

        await h.CreateFolderAsync("/dir");
        AssertUploadConflict(await h.UploadAsync("files/upload", "{\"path\":\"/dir\",\"mode\":\"overwrite\"}", "x"u8.ToArray()), "folder");
    }

    [Fact]
    public async Task Update_ReplacesOnlyTheMatchingRev_AutorenameMakesAConflictedCopy()
    {
        await using var h = await StartAsync();
        var first = await h.UploadOkAsync("/doc.txt", "v1"u8.ToArray());
        string rev1 = first.GetProperty("rev").GetString()!;
        var second = await h.UploadOkAsync("/doc.txt", "v2"u8.ToArray(), $"{{\".tag\":\"update\",\"update\":\"{rev1}\"}}");
        Assert.Equal("v2", await ContentOf(h, "/doc.txt"));

        string stale = $"{{\"path\":\"/doc.txt\",\"mode\":{{\".tag\":\"update\",\"update\":\"{rev1}\"}}}}";
        AssertUploadConflict(await h.UploadAsync("files/upload", stale, "v3"u8.ToArray()), "file");
        Assert.Equal("v2", await ContentOf(h, "/doc.txt"));

        var copy = await h.UploadOkAsync("/doc.txt", "v3"u8.ToArray(), $"{{\".tag\":\"update\",\"update\":\"{rev1}\"}}", ",\"autorename\":true");
        Assert.Equal("/doc (conflicted copy).txt", copy.GetProperty("path_display").GetString());
        Assert.Equal(second.GetProperty("rev").GetString(), (await h.OkAsync("files/get_metadata", "{\"path\":\"/doc.txt\"}")).GetProperty("rev").GetString());

        var bare = await h.UploadAsync("files/upload", "{\"path\":\"/doc.txt\",\"mode\":\"update\"}", "v4"u8.ToArray());
        Assert.Equal(400, bare.Status);
    }

    [Fact]
    public async Task Add_WithAutorename_PicksTheFirstFreeNumber()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/r.txt", "1"u8.ToArray());
        var two = await h.UploadOkAsync("/r.txt", "2"u8.ToArray(), extra: ",\"autorename\":true");
        var three = await h.UploadOkAsync("/r.txt", "3"u8.ToArray(), extra: ",\"autorename\":true");
        Assert.Equal("/r (1).txt", two.GetProperty("path_display").GetString());
        Assert.Equal("/r (2).txt", three.GetProperty("path_display").GetString());
    }

    [Fact]
    public async Task ContentHash_IsVerified_AndAMismatchWritesNothing()
    {
        await using var h = await StartAsync();
        const string hello = "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50";
        var wrong = await h.UploadAsync("files/upload", $"{{\"path\":\"/h.txt\",\"content_hash\":\"{hello}\"}}", "hellO"u8.ToArray());
        Assert.Equal(409, wrong.Status);
        Assert.Matches(new Regex(@"^content_hash_mismatch/\.{0,3}$"), wrong.Json.GetProperty("error_summary").GetString());
        Assert.Equal(409, (await h.CallAsync("files/get_metadata", "{\"path\":\"/h.txt\"}")).Status);

        await h.UploadOkAsync("/h.txt", "hello"u8.ToArray(), extra: $",\"content_hash\":\"{hello}\"");
        Assert.Equal(400, (await h.UploadAsync("files/upload", "{\"path\":\"/x.txt\",\"content_hash\":\"abc\"}", [])).Status);
    }

    [Fact]
    public async Task BadInput_Is400_PathProblemsAre409()
    {
        await using var h = await StartAsync();
        var type = await h.UploadAsync("files/upload", "{\"path\":\"/a.txt\"}", [1], "application/json");
        Assert.Equal(400, type.Status);
        Assert.Contains("Bad HTTP \"Content-Type\" header", type.Body);
        var stamp = await h.UploadAsync("files/upload", "{\"path\":\"/a.txt\",\"client_modified\":\"2021-12-17 21:14\"}", [1]);
        Assert.Equal(400, stamp.Status);
        Assert.Contains("client_modified", stamp.Body);
        Assert.Equal(400, (await h.UploadAsync("files/upload", "{\"path\":\"a.txt\"}", [1])).Status);

        var trailing = await h.UploadAsync("files/upload", "{\"path\":\"/a/\"}", [1]);
        Assert.Equal(409, trailing.Status);
        Assert.Matches(new Regex(@"^path/malformed_path/\.{0,3}$"), trailing.Json.GetProperty("error_summary").GetString());

        await h.UploadOkAsync("/file", [1]);
        var ancestor = await h.UploadAsync("files/upload", "{\"path\":\"/file/child.txt\"}", [2]);
        Assert.Equal(409, ancestor.Status);
        Assert.Matches(new Regex(@"^path/conflict/file_ancestor/\.{0,3}$"), ancestor.Json.GetProperty("error_summary").GetString());
    }

    [Fact]
    public async Task ARequestBodyOver150MiB_IsPayloadTooLarge()
    {
        await using var h = await StartAsync();
        const long limit = 150L * 1024 * 1024;
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/files/upload") { Content = new StreamContent(new ZeroStream(limit + 1)) };
        req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", "{\"path\":\"/big.bin\"}");
        req.Content.Headers.ContentLength = limit + 1; // refused on the declared length, before any byte is stored
        req.Content.Headers.ContentType = new("application/octet-stream");
        // Expect: 100-continue, as a careful client sends large bodies: the refusal arrives before the body is
        // sent, instead of racing a connection reset against the client's writes.
        req.Headers.ExpectContinue = true;
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = h.Http.BaseAddress };
        var resp = await http.SendAsync(req);
        Assert.Equal(409, (int)resp.StatusCode);
        Assert.StartsWith("payload_too_large/", JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement.GetProperty("error_summary").GetString());
        Assert.Equal(409, (await h.CallAsync("files/get_metadata", "{\"path\":\"/big.bin\"}")).Status);
    }

    /// <summary>length zero bytes, generated on the fly.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
