using SkiaSharp;

namespace PSDropbox.Emulator.Content;

/// <summary>Decodes an image with SkiaSharp, scales it down per the Dropbox ThumbnailMode, encodes jpeg/png/webp.</summary>
internal static class Thumbnailer
{
    /// <summary>Dropbox does not thumbnail images over 20 MB.</summary>
    public const long MaxImageBytes = 20L * 1024 * 1024;

    public static readonly HashSet<string> SupportedExtensions = new(StringComparer.Ordinal)
    {
        "jpg", "jpeg", "png", "tiff", "tif", "gif", "webp", "ppm", "bmp",
    };

    public static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "jpeg", "png", "webp" };

    public static readonly HashSet<string> Modes = new(StringComparer.Ordinal) { "strict", "bestfit", "fitone_bestfit", "original" };

    public static readonly Dictionary<string, (int Width, int Height)> Sizes = new(StringComparer.Ordinal)
    {
        ["w32h32"] = (32, 32), ["w64h64"] = (64, 64), ["w128h128"] = (128, 128), ["w256h256"] = (256, 256),
        ["w480h320"] = (480, 320), ["w640h480"] = (640, 480), ["w960h640"] = (960, 640), ["w1024h768"] = (1024, 768),
        ["w2048h1536"] = (2048, 1536),
    };

    /// <summary>The encoded thumbnail, or null when the file is not an image Skia can decode (unsupported_image).</summary>
    public static byte[]? Make(string blobPath, long size, string format, (int Width, int Height) box, string mode)
    {
        if (size > MaxImageBytes)
        {
            return null;
        }
        using var source = SKBitmap.Decode(blobPath);
        if (source is null || source.Width == 0 || source.Height == 0)
        {
            return null;
        }
        double scale = Math.Min(1.0, Scale(source.Width, source.Height, box.Width, box.Height, mode));
        int width = Math.Max(1, (int)Math.Round(source.Width * scale));
        int height = Math.Max(1, (int)Math.Round(source.Height * scale));
        using var scaled = width == source.Width && height == source.Height
            ? source.Copy()
            : source.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (scaled is null)
        {
            return null;
        }
        using var image = SKImage.FromBitmap(scaled);
        var encoding = format switch
        {
            "png" => SKEncodedImageFormat.Png,
            "webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Jpeg,
        };
        using var data = image.Encode(encoding, 85);
        return data?.ToArray();
    }

    /// <summary>
    /// strict: fit inside the box; bestfit: fit inside the box or its transpose (whichever keeps it larger);
    /// fitone_bestfit: cover the box or its transpose (whichever needs less); original: keep the size.
    /// </summary>
    public static double Scale(int width, int height, int boxWidth, int boxHeight, string mode)
    {
        double fit = Math.Min((double)boxWidth / width, (double)boxHeight / height);
        double fitTransposed = Math.Min((double)boxHeight / width, (double)boxWidth / height);
        double cover = Math.Max((double)boxWidth / width, (double)boxHeight / height);
        double coverTransposed = Math.Max((double)boxHeight / width, (double)boxWidth / height);
        return mode switch
        {
            "bestfit" => Math.Max(fit, fitTransposed),
            "fitone_bestfit" => Math.Min(cover, coverTransposed),
            "original" => 1.0,
            _ => fit,
        };
    }
}
