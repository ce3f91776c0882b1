using System.Text;
using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// POST /_emulator/export_only {"path":"/Plan.gdoc","exports":{"docx":"...","pdf":"..."},"export_as"?:"docx","account"?:"bob"}
/// → the FileMetadata of an export-only file (is_downloadable false, export_info): what Google Docs and Paper docs are in
/// Dropbox. files/export gives the text of each format (export_as, default the first one); files/download refuses the file.
/// </summary>
internal static class ExportAdminEndpoints
{
    private const string Usage = "export_only: body must be JSON {\"path\": \"/Plan.gdoc\", \"exports\": {\"docx\": \"<content>\", ...}, \"export_as\"?: \"docx\", \"account\"?: \"<name>\"}";

    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapPost("/_emulator/export_only", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            string? path = AdminJson.String(body, "path");
            string? exportAs = AdminJson.String(body, "export_as");
            var contents = body is { } b && b.TryGetProperty("exports", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => (p.Name, Text: p.Value.GetString()!)).ToList()
                : [];
            if (exportAs is not null)
            {
                contents = [.. contents.OrderBy(c => c.Name == exportAs ? 0 : 1)];
            }
            var account = AdminJson.Account(stores, body);
            PathSpec? spec = path is null ? null : AdminJson.TryParsePath(path);
            if (spec is not { Kind: PathKind.Path } || contents.Count == 0 || exportAs is not null && contents[0].Name != exportAs || account is null)
            {
                await Http.WriteTextAsync(http, 400, Usage);
                return;
            }
            var exports = new List<ExportFormat>();
            foreach (var (format, text) in contents)
            {
                var (hash, size) = await stores.Blobs.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), http.RequestAborted);
                exports.Add(new ExportFormat(format, hash, size));
            }
            Item file;
            try
            {
                file = await stores.Tree.PutExportOnlyAsync(account, spec, exports, http.RequestAborted);
            }
            catch (PathProblemException p)
            {
                await Http.WriteTextAsync(http, 400, $"export_only: cannot write \"{path}\": {p.Message}");
                return;
            }
            await Http.WriteJsonAsync(http, 200, w => MetadataJson.WriteFile(w, PathView.Whole, file, withTag: false));
        });
    }
}
