using PSDropbox.Emulator.Routes;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Edge;

/// <summary>The ListFolderArg struct shared by files/list_folder and files/list_folder/get_latest_cursor.</summary>
internal sealed record ListFolderArgs(PathSpec Path, bool Recursive, bool IncludeDeleted, int Limit)
{
    /// <summary>Parses and validates the argument (400 on bad input; PathProblemException for path rules).</summary>
    public static ListFolderArgs Read(ArgReader args)
    {
        if (args.RequireString("path") == "/")
        {
            throw args.Bad("path: Specify the root folder as an empty string rather than as \"/\".");
        }
        var spec = PathRules.Parse(args, "path", PathRules.PathROrId, forWrite: false);
        bool recursive = args.Bool("recursive", false);
        bool includeDeleted = args.Bool("include_deleted", false);
        args.Bool("include_media_info", false);
        args.Bool("include_has_explicit_shared_members", false);
        args.Bool("include_mounted_folders", true);
        args.Bool("include_non_downloadable_files", true);
        int limit = (int)(args.OptionalInteger("limit", 1, 2000) ?? FilesRoutes.DefaultListLimit);
        return new ListFolderArgs(spec, recursive, includeDeleted, limit);
    }
}
