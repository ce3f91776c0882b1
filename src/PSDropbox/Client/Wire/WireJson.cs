using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

/// <summary>Source-generated (reflection-free) serialization of everything that crosses the wire.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DropboxFile))]
[JsonSerializable(typeof(DropboxFolder))]
[JsonSerializable(typeof(DropboxDeleted))]
[JsonSerializable(typeof(DropboxItem))]
[JsonSerializable(typeof(PathArg))]
[JsonSerializable(typeof(GetMetadataArg))]
[JsonSerializable(typeof(ListFolderArg))]
[JsonSerializable(typeof(CursorArg))]
[JsonSerializable(typeof(ListFolderPage))]
[JsonSerializable(typeof(CreateFolderArg))]
[JsonSerializable(typeof(CreateFolderResult))]
[JsonSerializable(typeof(DeleteArg))]
[JsonSerializable(typeof(MetadataResult))]
[JsonSerializable(typeof(FullAccount))]
[JsonSerializable(typeof(SpaceUsage))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(UploadArg))]
[JsonSerializable(typeof(DownloadArg))]
[JsonSerializable(typeof(SearchV2Arg))]
[JsonSerializable(typeof(SearchV2Result))]
[JsonSerializable(typeof(TemporaryLinkResult))]
[JsonSerializable(typeof(CopyReferenceResult))]
[JsonSerializable(typeof(SaveCopyReferenceArg))]
[JsonSerializable(typeof(DropboxSharedLink))]
[JsonSerializable(typeof(CreateSharedLinkArg))]
[JsonSerializable(typeof(ListSharedLinksArg))]
[JsonSerializable(typeof(ListSharedLinksResult))]
[JsonSerializable(typeof(UrlArg))]
[JsonSerializable(typeof(ThumbnailArg))]
[JsonSerializable(typeof(PreviewResult))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(UploadSessionStartArg))]
[JsonSerializable(typeof(UploadSessionStartResult))]
[JsonSerializable(typeof(UploadSessionAppendArg))]
[JsonSerializable(typeof(UploadSessionFinishArg))]
internal sealed partial class WireJson : JsonSerializerContext
{
}
