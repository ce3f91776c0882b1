using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Admin;

/// <summary>
/// POST /_emulator/shared_folders {"path":"/Team","read_only"?:true,"account"?:"bob"} → {"shared_folder_id","path_display","read_only"}:
/// makes the folder (created if missing) a shared folder of that account's Dropbox, read-only for it or not. Items inside
/// then carry sharing_info, and writes there answer no_write_permission while it is read-only. Posting again changes read_only.
/// </summary>
internal static class SharingAdminEndpoints
{
    private const string Usage = "shared_folders: body must be JSON {\"path\": \"/folder\", \"read_only\"?: true, \"account\"?: \"<name>\"}";

    public static void Map(WebApplication app, EmulatorStores stores)
    {
        app.MapPost("/_emulator/shared_folders", async (HttpContext http) =>
        {
            var body = await AdminJson.ReadObjectAsync(http);
            string? path = AdminJson.String(body, "path");
            var spec = path is null ? null : AdminJson.TryParsePath(path);
            var account = AdminJson.Account(stores, body);
            if (spec is not { Kind: PathKind.Path } || account is null)
            {
                await Http.WriteTextAsync(http, 400, Usage);
                return;
            }
            Item folder;
            try
            {
                folder = await stores.SharedFolders.ShareAsync(account, spec, AdminJson.Bool(body, "read_only") ?? false, http.RequestAborted);
            }
            catch (PathProblemException p)
            {
                await Http.WriteTextAsync(http, 400, $"shared_folders: \"{path}\" cannot be a shared folder: {p.Message}");
                return;
            }
            await Http.WriteJsonAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("shared_folder_id", folder.Sharing!.SharedFolderId);
                w.WriteString("path_display", folder.PathDisplay);
                w.WriteBoolean("read_only", folder.Sharing.ReadOnly);
                w.WriteEndObject();
            });
        });
    }
}
