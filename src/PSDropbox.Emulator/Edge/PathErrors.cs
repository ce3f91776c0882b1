using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>How a route's error union carries a <see cref="PathProblemException"/>; declared once when the route is registered.</summary>
internal delegate RouteErrorException PathErrorMapping(PathProblemException problem);

internal static class PathErrors
{
    /// <summary>Under one member: Under("path") turns not_found into {".tag":"path","path":{".tag":"not_found"}}.</summary>
    public static PathErrorMapping Under(string tag) => p => RouteErrorException.Of([tag, .. p.Tags]);

    /// <summary>LookupError tags under one member, WriteError tags under another (DeleteError, RestoreError).</summary>
    public static PathErrorMapping LookupOrWrite(string lookupTag, string writeTag) =>
        p => RouteErrorException.Of([p.IsLookup ? lookupTag : writeTag, .. p.Tags]);
}
