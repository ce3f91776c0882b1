using System.Buffers.Binary;
using System.Text;
using SkiaSharp;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/get_metadata include_media_info: photos and videos the emulator can read, pending for the rest.</summary>
public sealed class EmulatorMediaInfoTests
{
    [Fact]
    public async Task Photo_HasItsPixelSize_AndTheExifTimeAndPlace()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/Photos/shot.jpg", WithExif(Jpeg(320, 200), "2021:06:15 10:20:30", 48.8566, -2.3522));
        var meta = await h.OkAsync("files/get_metadata", J(new { path = "/Photos/shot.jpg", include_media_info = true }));
        var photo = meta.GetProperty("media_info");
        Assert.Equal([".tag", "metadata"], PropertyNames(photo));
        Assert.Equal("metadata", photo.GetProperty(".tag").GetString());
        var metadata = photo.GetProperty("metadata");
        Assert.Equal([".tag", "dimensions", "location", "time_taken"], PropertyNames(metadata));
        Assert.Equal("photo", metadata.GetProperty(".tag").GetString());
        Assert.Equal("{\"height\":200,\"width\":320}", metadata.GetProperty("dimensions").GetRawText());
        Assert.Equal(48.8566, metadata.GetProperty("location").GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(-2.3522, metadata.GetProperty("location").GetProperty("longitude").GetDouble(), 6);
        Assert.Equal("2021-06-15T10:20:30Z", metadata.GetProperty("time_taken").GetString());
        var names = PropertyNames(meta);
        Assert.Equal(names.IndexOf("size") + 1, names.IndexOf("media_info"));

        await h.UploadOkAsync("/Photos/plain.png", Png(7, 5));
        var plain = await h.OkAsync("files/get_metadata", J(new { path = "/Photos/plain.png", include_media_info = true }));
        Assert.Equal("{\".tag\":\"metadata\",\"metadata\":{\".tag\":\"photo\",\"dimensions\":{\"height\":5,\"width\":7}}}", plain.GetProperty("media_info").GetRawText());

        Assert.False((await h.OkAsync("files/get_metadata", J(new { path = "/Photos/shot.jpg" }))).TryGetProperty("media_info", out _));
        var listed = await h.OkAsync("files/list_folder", J(new { path = "/Photos", include_media_info = true }));
        Assert.All(listed.GetProperty("entries").EnumerateArray(), e => Assert.False(e.TryGetProperty("media_info", out _)));
    }

    [Fact]
    public async Task Video_HasItsSizeAndLength_UnreadableMediaIsPending_OtherFilesHaveNone()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/clip.mp4", Mp4(1280, 720, durationSeconds: 3));
        var video = await h.OkAsync("files/get_metadata", J(new { path = "/clip.mp4", include_media_info = true }));
        var metadata = video.GetProperty("media_info").GetProperty("metadata");
        Assert.Equal("video", metadata.GetProperty(".tag").GetString());
        Assert.Equal("{\"height\":720,\"width\":1280}", metadata.GetProperty("dimensions").GetRawText());
        Assert.Equal(3000, metadata.GetProperty("duration").GetInt64());
        Assert.Equal("2020-02-02T02:02:02Z", metadata.GetProperty("time_taken").GetString());

        await h.UploadOkAsync("/broken.jpg", "not a picture"u8.ToArray());
        Assert.Equal("{\".tag\":\"pending\"}", (await h.OkAsync("files/get_metadata", J(new { path = "/broken.jpg", include_media_info = true })))
            .GetProperty("media_info").GetRawText());
        await h.UploadOkAsync("/notes.txt", "text"u8.ToArray());
        Assert.False((await h.OkAsync("files/get_metadata", J(new { path = "/notes.txt", include_media_info = true }))).TryGetProperty("media_info", out _));
    }

    private static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    private static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SteelBlue);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment: DateTimeOriginal in the Exif IFD and a GPS IFD (little-endian TIFF).</summary>
    private static byte[] WithExif(byte[] jpeg, string taken, double latitude, double longitude)
    {
        var tiff = new List<byte>();
        void U16(int v) { tiff.Add((byte)v); tiff.Add((byte)(v >> 8)); }
        void U32(long v) { for (int i = 0; i < 4; i++) tiff.Add((byte)(v >> (8 * i))); }
        void Entry(int tag, int type, int count, long valueOrOffset) { U16(tag); U16(type); U32(count); U32(valueOrOffset); }
        const int ifd0 = 8, exifIfd = ifd0 + 2 + 2 * 12 + 4, gpsIfd = exifIfd + 2 + 12 + 4, data = gpsIfd + 2 + 4 * 12 + 4;
        int takenAt = data, latAt = takenAt + 20, lonAt = latAt + 24;
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(ifd0);
        U16(2); Entry(0x8769, 4, 1, exifIfd); Entry(0x8825, 4, 1, gpsIfd); U32(0);
        U16(1); Entry(0x9003, 2, 20, takenAt); U32(0);
        U16(4); Entry(1, 2, 2, latitude >= 0 ? 'N' : 'S'); Entry(2, 5, 3, latAt); Entry(3, 2, 2, longitude >= 0 ? 'E' : 'W'); Entry(4, 5, 3, lonAt); U32(0);
        tiff.AddRange(Encoding.ASCII.GetBytes(taken + "\0"));
        foreach (double value in new[] { Math.Abs(latitude), Math.Abs(longitude) })
        {
            double minutes = (value - Math.Floor(value)) * 60;
            U32((long)Math.Floor(value)); U32(1);
            U32((long)Math.Floor(minutes)); U32(1);
            U32((long)Math.Round((minutes - Math.Floor(minutes)) * 60 * 10000)); U32(10000);
        }
        byte[] segment = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        byte[] app1 = [0xFF, 0xE1, (byte)((segment.Length + 2) >> 8), (byte)(segment.Length + 2), .. segment];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A minimal MP4: ftyp, then moov with mvhd (created 2020-02-02T02:02:02Z, timescale 1000) and one video track's tkhd.</summary>
    private static byte[] Mp4(int width, int height, int durationSeconds)
    {
        static byte[] Box(string type, byte[] payload)
        {
            var box = new byte[8 + payload.Length];
            BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
            Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
            payload.CopyTo(box, 8);
            return box;
        }
        uint created = (uint)(new DateTimeOffset(2020, 2, 2, 2, 2, 2, TimeSpan.Zero).ToUnixTimeSeconds() + 2082844800L); // seconds since 1904
        byte[] matrix = new byte[36];
        BinaryPrimitives.WriteUInt32BigEndian(matrix, 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(matrix.AsSpan(16), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(matrix.AsSpan(32), 0x40000000);
        var mvhd = new byte[100];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(4), created);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(8), created);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(12), 1000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(16), (uint)(durationSeconds * 1000));
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(20), 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(mvhd.AsSpan(24), 0x0100);
        matrix.CopyTo(mvhd, 36);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(96), 2);
        var tkhd = new byte[84];
        tkhd[3] = 3; // enabled, in movie
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(4), created);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(8), created);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(12), 1);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(20), (uint)(durationSeconds * 1000));
        matrix.CopyTo(tkhd, 40);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(76), (uint)width << 16);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(80), (uint)height << 16);
        byte[] ftyp = [.. "isom"u8.ToArray(), 0, 0, 2, 0, .. "isomiso2mp41"u8.ToArray()];
        return [.. Box("ftyp", ftyp), .. Box("moov", [.. Box("mvhd", mvhd), .. Box("trak", Box("tkhd", tkhd))])];
    }
}
