namespace PSDropbox.Client;

/// <summary>Why a token cannot do what was asked of it on a team.</summary>
public enum TeamAccessProblem
{
    /// <summary>A team's token on a route of one account, without saying which member it acts as.</summary>
    NeedsMember,
    /// <summary>A single account's token where a team's token is needed (team routes, acting as a member).</summary>
    NotATeamToken,
    /// <summary>Acting as a team admin (Select-Admin) as a member who is not one.</summary>
    NotAnAdmin,
}

/// <summary>A token used the wrong way for a team: Dropbox's 400 and 401 answers, or what connecting found out first.</summary>
public sealed class TeamAccessException : DropboxException
{
    public TeamAccessException(TeamAccessProblem problem, string? route, string? detail = null)
        : base(Describe(problem) + (detail is null ? "" : " " + detail), route,
            problem == TeamAccessProblem.NotAnAdmin ? DropboxErrorKind.PermissionDenied : DropboxErrorKind.BadRequest)
    {
        Problem = problem;
    }

    public TeamAccessProblem Problem { get; }

    /// <summary>Dropbox's 400 texts for the first two problems, or null for any other 400.</summary>
    internal static TeamAccessProblem? FromBadRequest(string text) =>
        text.IndexOf("for an entire Dropbox Business team", StringComparison.Ordinal) >= 0 ? TeamAccessProblem.NeedsMember
        : text.IndexOf("team management function", StringComparison.Ordinal) >= 0 ? TeamAccessProblem.NotATeamToken
        : null;

    private static string Describe(TeamAccessProblem problem) => problem switch
    {
        TeamAccessProblem.NeedsMember =>
            "The token is for a whole Dropbox team: to work with files, act as a member with Connect-Dropbox -AsMember <email or team member id> (or -AsAdmin).",
        TeamAccessProblem.NotATeamToken =>
            "The token is for a single Dropbox account, not for a team: team commands and -AsMember/-AsAdmin need a token of an app with team scopes.",
        _ => "That member is not a team admin, so it cannot be acted as with -AsAdmin; use -AsMember instead.",
    };
}

/// <summary>No member of the team has that email address or team member id.</summary>
public sealed class TeamMemberNotFoundException : DropboxException
{
    public TeamMemberNotFoundException(string emailOrId, string? route)
        : base($"The team has no member '{emailOrId}'. Get-DropboxTeamMember lists the members.", route, DropboxErrorKind.NotFound)
    {
        EmailOrId = emailOrId;
    }

    public string EmailOrId { get; }
}
