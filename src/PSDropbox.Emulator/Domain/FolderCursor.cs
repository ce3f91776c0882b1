using System.Buffers.Text;
using System.Text;

namespace PSDropbox.Emulator.Domain;

internal enum CursorMode : byte { Listing = 1, Changes = 2 }

/// <summary>ListFolderArg options every page of a listing keeps.</summary>
[Flags]
internal enum ListingFlags : byte
{
    None = 0,
    /// <summary>include_non_downloadable_files: false.</summary>
    HideNonDownloadable = 1,
    /// <summary>include_property_groups given.</summary>
    PropertyGroups = 2,
    /// <summary>include_has_explicit_shared_members: true.</summary>
    ExplicitSharedMembers = 4,
}

/// <summary>
/// list_folder cursor. Wire form: base64url of [magic "DBXC", version 2, account_id, ns, scope path_lower, recursive,
/// include_deleted, mode, seq, until, after, limit, flags] (version 1 cursors, without the flags, still decode). Listing mode: seq = journal sequence when the listing started,
/// after = last emitted path_lower. Changes mode: report journal rows with since &lt; seq ≤ until (until 0 = "latest at
/// the time of the call"), after = last emitted path_lower within that window. limit = the page size given to list_folder.
/// </summary>
internal sealed record FolderCursor(
    string AccountId,
    long Ns,
    string ScopeLower,
    bool Recursive,
    bool IncludeDeleted,
    CursorMode Mode,
    long Seq,
    long Until,
    string After,
    int Limit,
    ListingFlags Flags = ListingFlags.None)
{
    private static readonly byte[] Magic = "DBXC"u8.ToArray();
    private const byte Version = 2;

    public string Encode()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(AccountId);
            w.Write(Ns);
            w.Write(ScopeLower);
            w.Write(Recursive);
            w.Write(IncludeDeleted);
            w.Write((byte)Mode);
            w.Write(Seq);
            w.Write(Until);
            w.Write(After);
            w.Write(Limit);
            w.Write((byte)Flags);
        }
        return Base64Url.EncodeToString(ms.ToArray());
    }

    public static FolderCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            byte[] bytes = Base64Url.DecodeFromChars(text);
            if (bytes.Length < Magic.Length + 1 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                return null;
            }
            using var ms = new MemoryStream(bytes);
            using var r = new BinaryReader(ms, Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            byte version = r.ReadByte();
            if (version is not (1 or Version))
            {
                return null;
            }
            var c = new FolderCursor(r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadBoolean(), r.ReadBoolean(),
                (CursorMode)r.ReadByte(), r.ReadInt64(), r.ReadInt64(), r.ReadString(), r.ReadInt32(), version == 1 ? ListingFlags.None : (ListingFlags)r.ReadByte());
            if (ms.Position != ms.Length || c.Mode is not (CursorMode.Listing or CursorMode.Changes) || c.Limit is < 1 or > 2000)
            {
                return null;
            }
            return c;
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or ArgumentException)
        {
            return null;
        }
    }
}
