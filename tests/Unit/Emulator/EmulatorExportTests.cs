using System.Net.Http.Json;
using System.Text.Json;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Export-only files (POST /_emulator/export_only): metadata, files/export, and what refuses them.</summary>
public sealed class EmulatorExportTests
{
    private static async Task<JsonElement> ExportOnlyAsync(EmulatorHarness h, object body)
    {
        var resp = await h.Http.PostAsJsonAsync("_emulator/export_only", body);
        string text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task ExportOnlyFile_IsNotDownloadable_AndCarriesExportInfo()
    {
        await using var h = await StartAsync();
        var made = await ExportOnlyAsync(h, new { path = "/Docs/Plan.paper", export_as = "markdown", exports = new { html = "<h1>Plan</h1>", markdown = "# Plan" } });
        Assert.False(made.GetProperty("is_downloadable").GetBoolean());
        Assert.Equal("{\"export_as\":\"markdown\",\"export_options\":[\"markdown\",\"html\"]}", made.GetProperty("export_info").GetRawText());
        var names = PropertyNames(made);
        Assert.Equal(names.IndexOf("is_downloadable") + 1, names.IndexOf("export_info"));

        var meta = await h.OkAsync("files/get_metadata", J(new { path = "/docs/plan.paper" }));
        Assert.Equal("file", meta.GetProperty(".tag").GetString());
        Assert.False(meta.GetProperty("is_downloadable").GetBoolean());
        var listed = await h.OkAsync("files/list_folder", J(new { path = "/Docs" }));
        Assert.Single(listed.GetProperty("entries").EnumerateArray());
        var hidden = await h.OkAsync("files/list_folder", J(new { path = "/Docs", include_non_downloadable_files = false }));
        Assert.Empty(hidden.GetProperty("entries").EnumerateArray());

        var download = await h.DownloadAsync(J(new { path = "/Docs/Plan.paper" }));
        Assert.Equal(409, download.Status);
        Assert.Equal("{\".tag\":\"unsupported_file\"}", JsonDocument.Parse(download.Text).RootElement.GetProperty("error").GetRawText());

        var normal = await h.OkAsync("files/get_metadata", J(new { path = "/Docs" }));
        Assert.False(normal.TryGetProperty("export_info", out _));
    }

    [Fact]
    public async Task Export_GivesEachFormat_WithExportMetadataAndTheFileMetadata()
    {
        await using var h = await StartAsync();
        await ExportOnlyAsync(h, new { path = "/Sheet.gsheet", exports = new { xlsx = "cells", csv = "a,b" } });

        var first = await h.DownloadAsync(J(new { path = "/Sheet.gsheet" }), route: "files/export");
        Assert.Equal(200, first.Status);
        Assert.Equal("cells", first.Text);
        var result = JsonDocument.Parse(first.Result).RootElement;
        Assert.Equal(["export_metadata", "file_metadata"], PropertyNames(result));
        var export = result.GetProperty("export_metadata");
        Assert.Equal("Sheet.xlsx", export.GetProperty("name").GetString());
        Assert.Equal(5, export.GetProperty("size").GetInt64());
        Assert.Equal(64, export.GetProperty("export_hash").GetString()!.Length);
        Assert.False(result.GetProperty("file_metadata").TryGetProperty(".tag", out _));
        Assert.Equal("/Sheet.gsheet", result.GetProperty("file_metadata").GetProperty("path_display").GetString());

        var csv = await h.DownloadAsync(J(new { path = "/Sheet.gsheet", export_format = "csv" }), route: "files/export");
        Assert.Equal("a,b", csv.Text);
        Assert.Equal("Sheet.csv", JsonDocument.Parse(csv.Result).RootElement.GetProperty("export_metadata").GetProperty("name").GetString());

        static string Error(TransferCalls.Download d) => JsonDocument.Parse(d.Text).RootElement.GetProperty("error").GetRawText();
        Assert.Equal("{\".tag\":\"invalid_export_format\"}", Error(await h.DownloadAsync(J(new { path = "/Sheet.gsheet", export_format = "pdf" }), route: "files/export")));
        await h.UploadOkAsync("/plain.txt", "text"u8.ToArray());
        Assert.Equal("{\".tag\":\"non_exportable\"}", Error(await h.DownloadAsync(J(new { path = "/plain.txt" }), route: "files/export")));
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}", Error(await h.DownloadAsync(J(new { path = "/none.gdoc" }), route: "files/export")));

        // moved, it stays export-only; overwritten by an upload, it becomes an ordinary file
        await h.OkAsync("files/move_v2", J(new { from_path = "/Sheet.gsheet", to_path = "/Moved.gsheet" }));
        Assert.Equal("cells", (await h.DownloadAsync(J(new { path = "/Moved.gsheet" }), route: "files/export")).Text);
        await h.UploadOkAsync("/Moved.gsheet", "now bytes"u8.ToArray(), mode: "\"overwrite\"");
        Assert.Equal("now bytes", (await h.DownloadAsync(J(new { path = "/Moved.gsheet" }))).Text);
    }

    [Fact]
    public async Task ExportOnlyHook_RefusesWhatItCannotMake()
    {
        await using var h = await StartAsync();
        foreach (var body in new object[]
        {
            new { path = "/x.gdoc" },
            new { path = "relative", exports = new { docx = "d" } },
            new { path = "/x.gdoc", exports = new { docx = "d" }, export_as = "pdf" },
            new { path = "/x.gdoc", exports = new { docx = "d" }, account = "nobody" },
        })
        {
            var resp = await h.Http.PostAsJsonAsync("_emulator/export_only", body);
            Assert.Equal(400, (int)resp.StatusCode);
            Assert.Contains("export_only", await resp.Content.ReadAsStringAsync());
        }
    }
}
