using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/export (content host, download style): an export-only file (is_downloadable false, e.g. made with POST
/// /_emulator/export_only) in its export_as format or one of its export_options; {export_metadata, file_metadata} in
/// Dropbox-API-Result.
/// </summary>
internal static class ExportRoutes
{
    public static void Register(RouteTable t) => t.Download("files/export", ExportAsync, PathErrors.Under("path"));

    private static async Task ExportAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        string? format = args.OptionalString("export_format");
        var file = ctx.Stores.Tree.GetItem(ctx.User, spec);
        if (file is null || file.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        if (file.IsFolder)
        {
            throw PathProblemException.Lookup("not_file");
        }
        var exports = file.Exports ?? throw ApiContext.Error("non_exportable");
        var export = format is null ? exports[0] : exports.FirstOrDefault(e => e.Format == format) ?? throw ApiContext.Error("invalid_export_format");
        await BlobResponse.WriteAsync(ctx, export.ContentHash, export.Size, rev: null, Http.ToHeaderJson(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("export_metadata");
            w.WriteString("name", ExportName(file.Name, export.Format));
            w.WriteNumber("size", export.Size);
            w.WriteString("export_hash", export.ContentHash);
            w.WriteEndObject();
            w.WritePropertyName("file_metadata");
            MetadataJson.WriteFile(w, ctx.View, file, withTag: false);
            w.WriteEndObject();
        }));
    }

    /// <summary>"Plan.gdoc" exported as docx → "Plan.docx"; markdown exports end in ".md" (as Paper's do).</summary>
    public static string ExportName(string name, string format)
    {
        int dot = name.LastIndexOf('.');
        string stem = dot > 0 ? name[..dot] : name;
        return stem + "." + (format == "markdown" ? "md" : format);
    }
}
