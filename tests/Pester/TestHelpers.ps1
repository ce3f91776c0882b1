# Shared helpers for tests/Pester/*.Tests.ps1. Dot-source it in the file's top BeforeAll:
#     BeforeAll { . $PSScriptRoot/TestHelpers.ps1; Connect-TestDropbox }
# It imports the built modules (out/PSDropbox, out/PSDropbox.Emulator) and starts this file's own emulator
# ($Emulator) with Start-DropboxEmulator, as a user's own Pester file would.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

Import-Module (Join-Path $RepoRoot 'out/PSDropbox/PSDropbox.psd1') -Force -ErrorAction Stop
# -Force also stops the emulator an earlier file in this session started (the module stops its emulators on removal).
Import-Module (Join-Path $RepoRoot 'out/PSDropbox.Emulator/PSDropbox.Emulator.psd1') -Force -ErrorAction Stop

# A token recognisable in logs (sl.PSDTEST. + 40 hex digits): tests look for it where it must not appear.
$script:Emulator = Start-DropboxEmulator -AccessToken ('sl.PSDTEST.' + (-join ((1..40) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })))

function Connect-TestDropbox {
    <# Connects the module to this file's emulator (every Dropbox host -> the emulator's base URL). #>
    Connect-Dropbox -AccessToken $script:Emulator.AccessToken -ApiEndpoint $script:Emulator.BaseUrl
}

function Get-FreeTcpPort {
    <# A loopback port free at this moment, for a server the test starts on it (-Port). #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $port
}

function Get-RefusingEndpoint {
    <#
    "http://127.0.0.1:<port>" where nothing listens: connections to it are refused. The port stays bound (never
    listening) for as long as this file runs, so no server started meanwhile, by this file or one running in
    parallel, can be given it (a port found free and released again can be, and then it answers).
    #>
    if (-not $script:RefusingSocket) {
        $script:RefusingSocket = [System.Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $script:RefusingSocket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    }
    "http://127.0.0.1:$($script:RefusingSocket.LocalEndPoint.Port)"
}

function Invoke-EmulatorAdmin {
    <#
    HTTP to the emulator's test API: $Emulator.BaseUrl/_emulator/<Path>.
    Returns the parsed JSON body (objects as PSCustomObject, dates left as text; a JSON array is written item by item,
    like any PowerShell command; `null` returns nothing). Throws on a non-2xx status with the body.
    Example: Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder/continue' }
    #>
    param(
        [ValidateSet('GET', 'POST', 'DELETE')][string]$Method = 'GET',
        [Parameter(Mandatory)][string]$Path,
        [System.Collections.IDictionary]$Query,
        [object]$Body
    )
    $url = $script:Emulator.BaseUrl + '/_emulator/' + $Path.TrimStart('/')
    if ($Query -and $Query.Count) {
        $url += '?' + (($Query.Keys | ForEach-Object { [uri]::EscapeDataString($_) + '=' + [uri]::EscapeDataString([string]$Query[$_]) }) -join '&')
    }
    $request = @{ Uri = $url; Method = $Method; SkipHttpErrorCheck = $true }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ConvertTo-Json -InputObject $Body -Depth 20 -Compress
        $request.ContentType = 'application/json'
    }
    $response = Invoke-WebRequest @request
    if ($response.StatusCode -ge 300) { throw "Emulator admin $Method $url failed: $($response.StatusCode) $($response.Content)" }
    if ($response.Content) {
        foreach ($item in (ConvertFrom-Json -InputObject $response.Content -DateKind String)) { $item }
    }
}

function Get-LoggedRequests {
    <#
    The emulator's log of the requests it served (seq, method, route, status, fault, range...): all it keeps, or those of
    -Route, and with -After only those logged after that mark (Get-RequestMark), so a test reads only what followed.
    -BaseUrl reads another emulator's log than this file's.
    #>
    param([string]$Route, [long]$After, [string]$BaseUrl = $script:Emulator.BaseUrl)
    $query = @(if ($Route) { 'route=' + [uri]::EscapeDataString($Route) }; if ($After) { "after=$After" })
    $url = "$BaseUrl/_emulator/requests" + $(if ($query) { '?' + ($query -join '&') } else { '' })
    foreach ($entry in (Invoke-RestMethod $url)) { $entry }
}

function Get-RequestMark {
    <# The number (seq) of the last request the emulator logged so far, for Get-LoggedRequests -After. #>
    param([string]$BaseUrl = $script:Emulator.BaseUrl)
    $last = Get-LoggedRequests -BaseUrl $BaseUrl | Select-Object -Last 1
    if ($last) { [long]$last.seq } else { 0L }
}

function New-TestFile {
    <#
    Creates (overwrites) a file of exactly -Size bytes of deterministic pseudo-random content
    (System.Random seeded with -Seed, written in 1 MiB chunks) and returns its FileInfo.
    -Path may be relative to the current location or a PowerShell path such as TestDrive:/a.bin;
    missing parent folders are created.
    #>
    param(
        [Parameter(Mandatory)][string]$Path,
        [Parameter(Mandatory)][long]$Size,
        [int]$Seed = 1
    )
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $full -Parent)
    $random = [System.Random]::new($Seed)
    $buffer = [byte[]]::new([Math]::Min([long]1MB, [Math]::Max($Size, 1L)))
    $stream = [System.IO.File]::Create($full)
    try {
        $left = $Size
        while ($left -gt 0) {
            $random.NextBytes($buffer)
            $n = [int][Math]::Min([long]$buffer.Length, $left)
            $stream.Write($buffer, 0, $n)
            $left -= $n
        }
    }
    finally { $stream.Dispose() }
    Get-Item -LiteralPath $full
}

function Get-ContentHash {
    <#
    Dropbox content_hash of a local file: SHA-256 of each 4 MiB block, the raw digests
    concatenated, SHA-256 of that, as lowercase hex. An empty file gives
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
    #>
    param([Parameter(Mandatory)][string]$Path)
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $buffer = [byte[]]::new(4MB)
    $digests = [System.IO.MemoryStream]::new()
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $stream = [System.IO.File]::OpenRead($full)
    try {
        while (($filled = $stream.ReadAtLeast($buffer, $buffer.Length, $false)) -gt 0) {
            $d = $sha.ComputeHash($buffer, 0, $filled)
            $digests.Write($d, 0, $d.Length)
        }
    }
    finally { $stream.Dispose(); $sha.Dispose() }
    [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($digests.ToArray())).ToLowerInvariant()
}

function New-PwshStartInfo {
    <#
    A ProcessStartInfo for a new pwsh like the one running the tests (-NoProfile, then -Command <text> or the given
    arguments), in the current location, with standard input, output and error redirected.
    #>
    param([string]$Command, [string[]]$ArgumentList)
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    # In `dotnet pwsh` this process is dotnet running pwsh.dll.
    if ((Split-Path ([Environment]::ProcessPath) -LeafBase) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    $psi.ArgumentList.Add('-NoProfile')
    if ($Command) { $psi.ArgumentList.Add('-Command'); $psi.ArgumentList.Add($Command) }
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = (Get-Location -PSProvider FileSystem).ProviderPath
    $psi.RedirectStandardInput = $psi.RedirectStandardOutput = $psi.RedirectStandardError = $true
    $psi
}

function New-TestOAuthApp {
    <#
    Registers an OAuth app on this file's emulator (POST /_emulator/apps) and returns its key.
    Every call without -AppKey makes a new app, so tests do not see each other's approvals.
    #>
    param(
        [string]$AppKey = ('app-' + [guid]::NewGuid().ToString('n').Substring(0, 12)),
        [string]$AppSecret,
        [string[]]$RedirectUri = @()
    )
    $body = @{ app_key = $AppKey; redirect_uris = @($RedirectUri) }
    if ($AppSecret) { $body.app_secret = $AppSecret }
    Invoke-EmulatorAdmin -Method POST -Path apps -Body $body
    $AppKey
}

function New-TestRefreshToken {
    <#
    Signs the emulator's default account in to -AppKey like a browser would (authorize page, Allow, code exchange
    with PKCE, offline access) and returns the token response: access_token, refresh_token, expires_in, account_id...
    #>
    param([Parameter(Mandatory)][string]$AppKey)
    $toBase64Url = { param([byte[]]$b) [System.Convert]::ToBase64String($b).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $verifier = & $toBase64Url ([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48))
    $challenge = & $toBase64Url ([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::ASCII.GetBytes($verifier)))
    $base = $script:Emulator.BaseUrl
    $page = Invoke-WebRequest "$base/oauth2/authorize?response_type=code&client_id=$AppKey&token_access_type=offline&force_reapprove=true&code_challenge=$challenge&code_challenge_method=S256"
    $consent = [regex]::Match($page.Content, 'name="consent" value="([^"]+)"').Groups[1].Value
    $answer = Invoke-WebRequest "$base/oauth2/authorize" -Method POST -Body @{ consent = $consent; decision = 'allow' } -MaximumRedirection 0 -SkipHttpErrorCheck
    $code = [regex]::Match($answer.Content, '<code id="code">([^<]+)</code>').Groups[1].Value
    if (-not $code) { throw "The emulator's authorize page gave no code for app '$AppKey'." }
    $token = Invoke-TestTokenEndpoint -Form @{ grant_type = 'authorization_code'; code = $code; client_id = $AppKey; code_verifier = $verifier }
    if ($token.Status -ne 200) { throw "The code exchange failed: $($token.Status) $($token.Body | ConvertTo-Json -Compress)" }
    $token.Body
}

function Invoke-TestTokenEndpoint {
    <# POSTs form fields to the emulator's /oauth2/token and returns @{ Status = <int>; Body = <parsed JSON> }. #>
    param([Parameter(Mandatory)][System.Collections.IDictionary]$Form)
    $r = Invoke-WebRequest "$($script:Emulator.BaseUrl)/oauth2/token" -Method POST -Body $Form -SkipHttpErrorCheck
    @{ Status = [int]$r.StatusCode; Body = ConvertFrom-Json -InputObject $r.Content }
}

function Wait-Finished {
    <# Waits for a process to exit or a task to end; running out of time fails the test, saying what was awaited. #>
    param([Parameter(Mandatory)]$Awaited, [Parameter(Mandatory)][int]$Milliseconds, [Parameter(Mandatory)][string]$What)
    $finished = if ($Awaited -is [System.Diagnostics.Process]) { $Awaited.WaitForExit($Milliseconds) } else { $Awaited.Wait($Milliseconds) }
    if (-not $finished) { throw "$What did not finish within $($Milliseconds / 1000) s." }
}
