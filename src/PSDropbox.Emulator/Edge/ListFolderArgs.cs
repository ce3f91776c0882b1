using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>The ListFolderArg struct shared by files/list_folder and files/list_folder/get_latest_cursor.</summary>
internal sealed record ListFolderArgs(PathSpec Path, bool Recursive, bool IncludeDeleted, int Limit, ListingFlags Flags)
{
    /// <summary>The page size when the call names no limit.</summary>
    public const int DefaultLimit = 2000;

    /// <summary>Parses and validates the argument (400 on bad input; PathProblemException for path rules).</summary>
    public static ListFolderArgs Read(ArgReader args)
    {
        if (args.RequireString("path") == "/")
        {
            throw args.Bad("path: Specify the root folder as an empty string rather than as \"/\".");
        }
        var spec = args.Path("path", PathRules.PathROrId, forWrite: false);
        if (args.TryGet("shared_link", out _))
        {
            throw args.Bad("shared_link: listing the contents of a shared link is not supported by the emulator");
        }
        bool recursive = args.Bool("recursive", false);
        bool includeDeleted = args.Bool("include_deleted", false);
        args.Bool("include_media_info", false); // no effect since December 2019 (spec)
        var (propertyGroups, members) = MetadataOptionArgs.Read(args);
        args.Bool("include_mounted_folders", true);
        var flags = (args.Bool("include_non_downloadable_files", true) ? ListingFlags.None : ListingFlags.HideNonDownloadable)
            | (propertyGroups ? ListingFlags.PropertyGroups : ListingFlags.None) | (members ? ListingFlags.ExplicitSharedMembers : ListingFlags.None);
        int limit = (int)(args.OptionalInteger("limit", 1, 2000) ?? DefaultLimit);
        return new ListFolderArgs(spec, recursive, includeDeleted, limit, flags);
    }
}
