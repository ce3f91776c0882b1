using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.QuickTime;
using PSDropbox.Emulator.Domain;
using SkiaSharp;

namespace PSDropbox.Emulator.Content;

/// <summary>
/// media_info for files/get_metadata: photos by their pixel size (SkiaSharp) and EXIF (time taken, GPS), videos by their
/// QuickTime/MP4 headers (size, length, creation time), both read with MetadataExtractor. What cannot be read is
/// <c>pending</c>, as Dropbox answers while it has not processed a file yet.
/// </summary>
internal static class MediaInfoReader
{
    /// <summary>Null when the name is not a photo or video; otherwise what its bytes tell, or pending.</summary>
    public static MediaDetails? Read(string blobPath, string name)
    {
        string category = FileTypes.CategoryOf(FileTypes.Extension(name));
        if (category is not ("image" or "video"))
        {
            return null;
        }
        bool isVideo = category == "video";
        try
        {
            using var stream = File.OpenRead(blobPath);
            var directories = ImageMetadataReader.ReadMetadata(stream);
            return isVideo ? Video(directories) : Photo(blobPath, directories);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return MediaDetails.PendingFor(isVideo);
        }
    }

    private static MediaDetails Photo(string blobPath, IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        using var codec = SKCodec.Create(blobPath);
        if (codec is null)
        {
            return MediaDetails.PendingFor(isVideo: false);
        }
        long? taken = directories.OfType<ExifSubIfdDirectory>().Select(d => d.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var t) ? t : (DateTime?)null)
            .FirstOrDefault(t => t is not null) is { } when ? Unix(when) : null;
        var location = directories.OfType<GpsDirectory>().Select(d => d.GetGeoLocation()).FirstOrDefault(l => l is not null);
        return new MediaDetails(false, false, codec.Info.Width, codec.Info.Height, taken, location?.Latitude, location?.Longitude, null);
    }

    private static MediaDetails Video(IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        var movie = directories.OfType<QuickTimeMovieHeaderDirectory>().FirstOrDefault();
        var track = directories.OfType<QuickTimeTrackHeaderDirectory>()
            .FirstOrDefault(t => Number(t, QuickTimeTrackHeaderDirectory.TagWidth) > 0 && Number(t, QuickTimeTrackHeaderDirectory.TagHeight) > 0);
        if (movie is null || track is null)
        {
            return MediaDetails.PendingFor(isVideo: true);
        }
        long? duration = movie.GetObject(QuickTimeMovieHeaderDirectory.TagDuration) is TimeSpan length ? (long)length.TotalMilliseconds : null;
        long? created = movie.TryGetDateTime(QuickTimeMovieHeaderDirectory.TagCreated, out var at) && at.Year > 1904 ? Unix(at) : null;
        return new MediaDetails(false, true, (long)Number(track, QuickTimeTrackHeaderDirectory.TagWidth), (long)Number(track, QuickTimeTrackHeaderDirectory.TagHeight),
            created, null, null, duration);
    }

    private static double Number(MetadataExtractor.Directory d, int tag) =>
        d.GetObject(tag) is IConvertible value ? value.ToDouble(System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static long Unix(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
