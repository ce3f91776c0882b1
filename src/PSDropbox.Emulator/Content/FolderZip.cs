using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Content;

/// <summary>
/// A folder as a zip, written straight into the (non-seekable) response body as it is read: entries under the folder's own
/// name ("Photos/", "Photos/a.jpg", "Photos/Empty/"), file times from client_modified. Memory stays at one copy buffer
/// plus the entry list, whatever the folder's size.
/// </summary>
internal static class FolderZip
{
    private static readonly DateTimeOffset FirstZipTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task WriteAsync(HttpResponse response, EmulatorStores stores, Item folder, CancellationToken ct)
    {
        // ZipArchive writes each entry's local header with a synchronous Write, even from its async methods.
        response.HttpContext.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
        await using var zip = await ZipArchive.CreateAsync(response.Body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        zip.CreateEntry(folder.Name + "/");
        foreach (var d in stores.Tree.LiveDescendants(folder.Ns, folder.PathLower))
        {
            string name = folder.Name + d.PathDisplay[folder.PathDisplay.Length..];
            if (d.IsFolder)
            {
                zip.CreateEntry(name + "/");
                continue;
            }
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            var modified = DateTimeOffset.FromUnixTimeSeconds(d.ClientModified);
            entry.LastWriteTime = modified < FirstZipTime ? FirstZipTime : modified;
            await using var output = await entry.OpenAsync(ct);
            await using var input = stores.Blobs.OpenRead(d.ContentHash!);
            await input.CopyToAsync(output, ct);
        }
    }
}
