using System.Text;
using System.Text.Json;
using PSDropbox.Client.Wire;
using PSDropbox.Tests.Unit.Client;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>
/// Encrypted uploads against the in-process emulator, with chunks of a few blocks: what lands is the rclone file of the
/// plaintext with the content hash Dropbox reports, and a resume sends no committed byte twice.
/// </summary>
public sealed class CryptUploaderTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const int ChunkBlocks = 4;
    private static readonly CryptKeys Keys = CryptKeys.Derive(Encoding.UTF8.GetBytes("potato"), null);
    private readonly EmulatorFixture _fx;
    private readonly string _local = Directory.CreateTempSubdirectory("psdropbox-crypt-up-").FullName;

    public CryptUploaderTests(EmulatorFixture fixture) => _fx = fixture;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    private CryptUploader Uploader() => new(_fx.Client.Files, Keys, ChunkBlocks * CryptFormat.BlockSize);

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(ChunkBlocks * CryptFormat.BlockDataSize)]
    [InlineData(ChunkBlocks * CryptFormat.BlockDataSize + 1)]
    [InlineData(17 * CryptFormat.BlockDataSize + 12345)]
    public async Task WhatLands_DecryptsToTheFile_AndHasTheReportedHash(int length)
    {
        var plain = WriteLocal($"f{length}.bin", length, length);
        var path = $"/crypt-up/f{length}.bin";

        var result = await Uploader().UploadAsync(Path.Combine(_local, $"f{length}.bin"), new CommitInfo { Path = path }, resume: false, null, CancellationToken.None);

        var stored = await DownloadRawAsync(path);
        Assert.Equal(CryptFormat.EncryptedSize(length), stored.Length);
        Assert.Equal(ContentHasher.Compute(stored, 0, stored.Length), result.ContentHash);
        Assert.Equal(plain, await DecryptAsync(stored));
    }

    [Fact]
    public async Task AResumeWhoseRecordLagsBehindTheServer_ContinuesWhereTheServerIs_SendingNoByteTwice()
    {
        var plain = WriteLocal("resume.bin", 21 * CryptFormat.BlockDataSize + 999, 77);
        var local = Path.Combine(_local, "resume.bin");
        const string path = "/crypt-up/resume.bin";
        var chunk = CryptFormat.HeaderSize + ChunkBlocks * CryptFormat.BlockSize;
        var sessionsBefore = (await UploadSessionsAsync()).Count;

        // Stopped once three chunks are confirmed; then the record is put back to one chunk, as when the process dies
        // between an append landing and the record being written.
        using (var stop = new CancellationTokenSource())
        {
            var threeChunks = (long)(plain.Length * (3.0 * chunk / CryptFormat.EncryptedSize(plain.Length)));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploader().UploadAsync(local, new CommitInfo { Path = path }, resume: true,
                new Synchronous(confirmed => { if (confirmed >= threeChunks) stop.Cancel(); }), stop.Token));
        }
        var statePath = UploadState.PathFor(Path.GetFullPath(local), plain.Length, File.GetLastWriteTimeUtc(local), path);
        var state = UploadState.Load(statePath)!;
        Assert.NotNull(state.CryptNonce);
        Assert.True(state.Offset > chunk);
        state.Offset = chunk;
        state.Save(statePath);

        var result = await Uploader().UploadAsync(local, new CommitInfo { Path = path }, resume: true, null, CancellationToken.None);

        var sessions = await UploadSessionsAsync();
        Assert.Equal(sessionsBefore + 1, sessions.Count);
        var session = sessions[0];
        Assert.True(session.GetProperty("finished").GetBoolean());
        Assert.Equal(CryptFormat.EncryptedSize(plain.Length), session.GetProperty("bytes_accepted").GetInt64());
        Assert.Equal(0, session.GetProperty("bytes_refused").GetInt64());
        Assert.Null(UploadState.Load(statePath));
        var stored = await DownloadRawAsync(path);
        Assert.Equal(ContentHasher.Compute(stored, 0, stored.Length), result.ContentHash);
        Assert.Equal(plain, await DecryptAsync(stored));
    }

    private byte[] WriteLocal(string name, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(_local, name), bytes);
        return bytes;
    }

    private async Task<byte[]> DownloadRawAsync(string path)
    {
        using var response = await _fx.Client.Files.DownloadAsync(path, null, CancellationToken.None);
        var copy = new MemoryStream();
        await response.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(byte[] stored)
    {
        using var plain = await DecryptingStream.OpenAsync(new MemoryStream(stored), Keys.DataKey, CancellationToken.None);
        var copy = new MemoryStream();
        await plain.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>The newest first.</summary>
    private async Task<List<JsonElement>> UploadSessionsAsync()
    {
        using var http = new HttpClient { BaseAddress = _fx.Emulator.BaseUrl };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("_emulator/upload_sessions"));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Reports on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class Synchronous(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
