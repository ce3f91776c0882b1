using System.Net;
using PSDropbox.Emulator.Content;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// Serves the links the API hands out, without auth (like dl.dropboxusercontent.com and www.dropbox.com/scl):
/// GET /tl/{token}/{name} for temporary links (410 Gone once expired), and GET or POST (password form)
/// /scl/fi|fo/{id}/{name}?rlkey=K&amp;dl=0|1 for shared links (revocation, expiry, password, audience and
/// allow_download honoured; dl=1 gives the bytes, or a zip for a folder).
/// </summary>
internal static class LinkServing
{
    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapMethods("/tl/{token}/{name}", ["GET", "HEAD"], (HttpContext http, string token) => ServeTemporaryLinkAsync(http, stores, token));
        app.MapMethods("/scl/{kind}/{id}/{name}", ["GET", "POST"], (HttpContext http, string kind, string id) => ServeSharedLinkAsync(http, stores, kind, id));
    }

    /// <summary>The base URL the client reached us on, e.g. http://127.0.0.1:PORT/.</summary>
    public static string BaseOf(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/";

    public static string SharedUrl(string baseUrl, Item item, SharedLink link) =>
        $"{baseUrl}scl/{(item.IsFolder ? "fo" : "fi")}/{link.Id}/{Uri.EscapeDataString(item.Name)}?rlkey={link.RlKey}&dl=0";

    /// <summary>(id, rlkey) of a URL made by <see cref="SharedUrl"/>, or null when it is not one.</summary>
    public static (string Id, string RlKey)? ParseSharedUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        string[] segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 4 || segments[0] != "scl" || segments[1] is not ("fi" or "fo"))
        {
            return null;
        }
        var rlkey = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue("rlkey", out var k) ? k.ToString() : "";
        return (segments[2], rlkey);
    }

    private static async Task ServeTemporaryLinkAsync(HttpContext http, EmulatorStores stores, string token)
    {
        var link = stores.Links.GetTemporaryLink(token);
        if (link is null || stores.Tree.GetLiveItemById(link.Ns, link.FileId) is null)
        {
            await Http.WriteTextAsync(http, 404, "This link does not exist or the file was deleted.");
            return;
        }
        if (stores.Clock.Now() >= link.ExpiresAt)
        {
            await Http.WriteTextAsync(http, 410, "This temporary link has expired.");
            return;
        }
        await ServeBlobAsync(http, link.ContentHash, link.Name, stores.Blobs);
    }

    private static async Task ServeSharedLinkAsync(HttpContext http, EmulatorStores stores, string kind, string id)
    {
        var link = stores.SharedLinks.Get(id);
        string rlkey = http.Request.Query["rlkey"].ToString();
        var item = link is null || link.Revoked || link.RlKey != rlkey ? null : stores.Tree.GetLiveItemById(link.Ns, link.ItemId);
        if (link is null || item is null || (kind == "fo") != item.IsFolder)
        {
            await Http.WriteTextAsync(http, 404, "This shared link does not exist, was revoked, or its file was deleted.");
            return;
        }
        if (link.Expires is long expires && stores.Clock.Now() >= expires)
        {
            await Http.WriteTextAsync(http, 410, "This shared link has expired.");
            return;
        }
        if (link.Audience != "public")
        {
            await Http.WriteTextAsync(http, 403, "This shared link is only for people with access in Dropbox (audience: " + link.Audience + ").");
            return;
        }
        if (link.Password is not null && !await PasswordMatchesAsync(http, link.Password))
        {
            await WriteHtmlAsync(http, 401, $"""
                <form method="post"><p>{WebUtility.HtmlEncode(item.Name)} is protected by a password.</p>
                <input type="password" name="password" autofocus><button type="submit">Continue</button></form>
                """);
            return;
        }
        bool download = http.Request.Query["dl"] == "1" || http.Request.Query["raw"] == "1";
        if (!download)
        {
            string self = $"{http.Request.Path}?rlkey={Uri.EscapeDataString(rlkey)}&dl=1";
            await WriteHtmlAsync(http, 200, $"""<h1>{WebUtility.HtmlEncode(item.Name)}</h1><a href="{WebUtility.HtmlEncode(self)}">Download</a>""");
            return;
        }
        if (!link.AllowDownload)
        {
            await Http.WriteTextAsync(http, 403, "Downloads are disabled for this shared link.");
            return;
        }
        if (item.IsFolder)
        {
            await ServeZipAsync(http, stores, item);
            return;
        }
        await ServeBlobAsync(http, item.ContentHash!, item.Name, stores.Blobs);
    }

    private static async Task<bool> PasswordMatchesAsync(HttpContext http, string password)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
        {
            return false;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(form["password"].ToString()), System.Text.Encoding.UTF8.GetBytes(password));
    }

    /// <summary>Streams a blob with Range support; Content-Disposition names the file.</summary>
    private static Task ServeBlobAsync(HttpContext http, string contentHash, string name, BlobStore blobs) =>
        Results.File(blobs.PathFor(contentHash), "application/octet-stream", name, enableRangeProcessing: true).ExecuteAsync(http);

    /// <summary>The folder as a zip, streamed (see <see cref="FolderZip"/>).</summary>
    private static Task ServeZipAsync(HttpContext http, EmulatorStores stores, Item folder)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = folder.Name + ".zip",
        }.ToString();
        return FolderZip.WriteAsync(http.Response, stores, folder, http.RequestAborted);
    }

    private static async Task WriteHtmlAsync(HttpContext http, int status, string body)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes($"<!doctype html><html><body>{body}</body></html>");
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
