# Shared helpers for tests/Pester/*.Tests.ps1. Dot-source it in the file's top BeforeAll:
#     BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }
# Works under the hosted runner (tests/Pester/Runner) and under real pwsh + Pester 5.
# The hosted engine has only the core cmdlets (no Join-Path, ConvertTo-Json, Invoke-RestMethod,
# New-Item...), so everything here uses .NET APIs.

$script:RepoRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))

# 1. The built module, imported as a user would (dotnet build puts it in out/PSDropbox).
Import-Module ([System.IO.Path]::Combine($script:RepoRoot, 'out', 'PSDropbox', 'PSDropbox.psd1')) -Force -ErrorAction Stop

# 2. The emulator: the hosted runner starts one per test file and passes $PSDropboxTestEmulator;
#    under real Pester we start the built emulator as a child process.
function Stop-TestEmulator {
    <# Stops the child-process emulator this file started (no-op under the hosted runner). #>
    $proc = $global:PSDropboxTestEmulatorProcess
    if ($null -ne $proc) {
        try { if (-not $proc.HasExited) { $proc.Kill($true); $null = $proc.WaitForExit(5000) } } catch { }
        try { $proc.Dispose() } catch { }
        $global:PSDropboxTestEmulatorProcess = $null
    }
    $dir = $global:PSDropboxTestEmulatorDataDirectory
    if ($dir -and [System.IO.Directory]::Exists($dir)) {
        try { [System.IO.Directory]::Delete($dir, $true) } catch { }
        $global:PSDropboxTestEmulatorDataDirectory = $null
    }
}

function Start-TestEmulatorProcess {
    <# Starts src/PSDropbox.Emulator (built) on a free port; returns BaseUrl/AccessToken/DataDirectory. #>
    $candidates = @('Release', 'Debug') | ForEach-Object {
        [System.IO.Path]::Combine($script:RepoRoot, 'src', 'PSDropbox.Emulator', 'bin', $_, 'net10.0', 'PSDropbox.Emulator.dll')
    }
    $dll = @($candidates | Where-Object { [System.IO.File]::Exists($_) })[0]
    if (-not $dll) { throw "The emulator is not built. Run 'dotnet build -c Release' at the repository root (looked for: $($candidates -join ', '))." }

    $data = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'psdt-emu-' + [guid]::NewGuid().ToString('n'))
    $null = [System.IO.Directory]::CreateDirectory($data)
    $token = 'sl.PSDTEST.' + [System.Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(20)).ToLowerInvariant()

    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--port', '0', '--data', $data, '--access-token', $token)) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $proc = [System.Diagnostics.Process]::Start($psi)
    $global:PSDropboxTestEmulatorProcess = $proc
    $global:PSDropboxTestEmulatorDataDirectory = $data
    $errTask = $proc.StandardError.ReadToEndAsync()

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $baseUrl = $null
    while (-not $baseUrl) {
        $left = $deadline - [DateTime]::UtcNow
        if ($left -le [TimeSpan]::Zero) { Stop-TestEmulator; throw 'The emulator did not print its URL within 60 s.' }
        $lineTask = $proc.StandardOutput.ReadLineAsync()
        if (-not $lineTask.Wait($left)) { Stop-TestEmulator; throw 'The emulator did not print its URL within 60 s.' }
        $line = $lineTask.Result
        if ($null -eq $line) {
            $null = $proc.WaitForExit(5000)
            $stderr = if ($errTask.Wait(2000)) { $errTask.Result } else { '' }
            Stop-TestEmulator
            throw "The emulator exited before it was ready: $stderr"
        }
        $m = [regex]::Match($line, 'http://127\.0\.0\.1:\d+')
        if ($m.Success) { $baseUrl = $m.Value }
    }
    # Keep draining stdout so the child never blocks on a full pipe.
    $null = $proc.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{ BaseUrl = $baseUrl; AccessToken = $token; DataDirectory = $data }
}

if ($null -ne $global:PSDropboxTestEmulator) {
    $script:Emulator = $global:PSDropboxTestEmulator
}
else {
    # Real Pester runs files one after another in one process: the previous file's emulator is done.
    Stop-TestEmulator
    $script:Emulator = Start-TestEmulatorProcess
    if (-not $global:PSDropboxTestEmulatorExitHook -and (Get-Command -Name Register-EngineEvent -ErrorAction Ignore)) {
        $global:PSDropboxTestEmulatorExitHook = $true
        # Self-contained: the functions defined here are gone by the time pwsh exits.
        $null = Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action {
            $p = $global:PSDropboxTestEmulatorProcess
            if ($null -ne $p) { try { if (-not $p.HasExited) { $p.Kill($true) } } catch { } }
        }
    }
}

function Connect-TestDropbox {
    <# Connects the module to this file's emulator (every Dropbox host -> the emulator's base URL). #>
    Connect-Dropbox -AccessToken $script:Emulator.AccessToken -ApiEndpoint $script:Emulator.BaseUrl
}

function ConvertFrom-TestJsonElement {
    <# System.Text.Json.JsonElement -> PSCustomObject / object[] / string / long / double / bool / $null. #>
    param([System.Text.Json.JsonElement]$Element)
    switch ($Element.ValueKind.ToString()) {
        'Object' {
            $o = [pscustomobject]@{}
            foreach ($p in $Element.EnumerateObject()) {
                $o.PSObject.Properties.Add([System.Management.Automation.PSNoteProperty]::new($p.Name, (ConvertFrom-TestJsonElement $p.Value)))
            }
            return $o
        }
        'Array' {
            $list = [System.Collections.Generic.List[object]]::new()
            foreach ($e in $Element.EnumerateArray()) { $list.Add((ConvertFrom-TestJsonElement $e)) }
            return , $list.ToArray()
        }
        'String' { return $Element.GetString() }
        'Number' {
            $l = 0L
            if ($Element.TryGetInt64([ref]$l)) { return $l }
            return $Element.GetDouble()
        }
        'True' { return $true }
        'False' { return $false }
        default { return $null }
    }
}

function ConvertFrom-TestJson {
    <# Parses JSON text like ConvertFrom-Json (which the hosted engine lacks). Arrays are returned as one object[]. #>
    param([Parameter(Mandatory)][AllowEmptyString()][string]$Json)
    if ([string]::IsNullOrWhiteSpace($Json)) { return $null }
    $doc = [System.Text.Json.JsonDocument]::Parse($Json)
    try { , (ConvertFrom-TestJsonElement $doc.RootElement) } finally { $doc.Dispose() }
}

function ConvertTo-TestJson {
    <# Hashtable / PSCustomObject / array / primitive -> compact JSON (ConvertTo-Json is missing in the hosted engine). #>
    param([AllowNull()]$Value)
    $stream = [System.IO.MemoryStream]::new()
    $writer = [System.Text.Json.Utf8JsonWriter]::new($stream)
    $write = {
        param($v)
        if ($v -is [System.Management.Automation.PSObject] -and $v -isnot [System.Management.Automation.PSCustomObject]) { $v = $v.PSObject.BaseObject }
        if ($null -eq $v) { $writer.WriteNullValue() }
        elseif ($v -is [string] -or $v -is [char] -or $v -is [guid] -or $v -is [uri]) { $writer.WriteStringValue([string]$v) }
        elseif ($v -is [bool]) { $writer.WriteBooleanValue($v) }
        elseif ($v -is [int] -or $v -is [long] -or $v -is [short] -or $v -is [byte] -or $v -is [uint32] -or $v -is [uint64]) { $writer.WriteNumberValue([long]$v) }
        elseif ($v -is [double] -or $v -is [float] -or $v -is [decimal]) { $writer.WriteNumberValue([double]$v) }
        elseif ($v -is [datetime]) { $writer.WriteStringValue($v.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')) }
        elseif ($v -is [System.Collections.IDictionary]) {
            $writer.WriteStartObject()
            foreach ($k in $v.Keys) { $writer.WritePropertyName([string]$k); & $write $v[$k] }
            $writer.WriteEndObject()
        }
        elseif ($v -is [System.Collections.IEnumerable]) {
            $writer.WriteStartArray()
            foreach ($e in $v) { & $write $e }
            $writer.WriteEndArray()
        }
        elseif ($v -is [System.Management.Automation.PSCustomObject]) {
            $writer.WriteStartObject()
            foreach ($p in $v.PSObject.Properties) { $writer.WritePropertyName($p.Name); & $write $p.Value }
            $writer.WriteEndObject()
        }
        else { $writer.WriteStringValue([string]$v) }
    }
    & $write $Value
    $writer.Flush()
    $json = [System.Text.Encoding]::UTF8.GetString($stream.ToArray())
    $writer.Dispose(); $stream.Dispose()
    $json
}

function Invoke-EmulatorAdmin {
    <#
    HTTP to the emulator's test API: $Emulator.BaseUrl/_emulator/<Path>.
    Returns the parsed JSON body (objects as PSCustomObject; a JSON array is written item by item,
    like any PowerShell command; `null` returns nothing). Throws on a non-2xx status with the body.
    Example: Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder/continue' }
    #>
    param(
        [ValidateSet('GET', 'POST', 'DELETE')][string]$Method = 'GET',
        [Parameter(Mandatory)][string]$Path,
        [System.Collections.IDictionary]$Query,
        [object]$Body
    )
    if (-not $script:TestHttpClient) { $script:TestHttpClient = [System.Net.Http.HttpClient]::new() }
    $url = $script:Emulator.BaseUrl.TrimEnd('/') + '/_emulator/' + $Path.TrimStart('/')
    if ($Query -and $Query.Count) {
        $pairs = foreach ($k in $Query.Keys) { [uri]::EscapeDataString([string]$k) + '=' + [uri]::EscapeDataString([string]$Query[$k]) }
        $url += '?' + ($pairs -join '&')
    }
    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $url)
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Content = [System.Net.Http.StringContent]::new((ConvertTo-TestJson $Body), [System.Text.Encoding]::UTF8, 'application/json')
    }
    $response = $script:TestHttpClient.SendAsync($request).GetAwaiter().GetResult()
    try {
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) {
            throw "Emulator admin $Method $url failed: $([int]$response.StatusCode) $text"
        }
        $value = ConvertFrom-TestJson $text
        if ($null -ne $value) { $value }  # arrays unroll, like any command output
    }
    finally { $response.Dispose(); $request.Dispose() }
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
    $dir = [System.IO.Path]::GetDirectoryName($full)
    if ($dir) { $null = [System.IO.Directory]::CreateDirectory($dir) }
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
    [System.IO.FileInfo]::new($full)
}

function Get-ContentHash {
    <#
    Dropbox content_hash of a local file: SHA-256 of each 4 MiB block, the raw digests
    concatenated, SHA-256 of that, as lowercase hex. An empty file gives
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
    #>
    param([Parameter(Mandatory)][string]$Path)
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $blockSize = 4MB
    $buffer = [byte[]]::new($blockSize)
    $digests = [System.IO.MemoryStream]::new()
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $stream = [System.IO.File]::OpenRead($full)
    try {
        while ($true) {
            $filled = 0
            while ($filled -lt $blockSize) {
                $n = $stream.Read($buffer, $filled, $blockSize - $filled)
                if ($n -le 0) { break }
                $filled += $n
            }
            if ($filled -eq 0) { break }
            $d = $sha.ComputeHash($buffer, 0, $filled)
            $digests.Write($d, 0, $d.Length)
            if ($filled -lt $blockSize) { break }
        }
    }
    finally { $stream.Dispose() }
    $final = $sha.ComputeHash($digests.ToArray())
    $sha.Dispose()
    [System.Convert]::ToHexString($final).ToLowerInvariant()
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
    $handler = [System.Net.Http.HttpClientHandler]::new()
    $handler.AllowAutoRedirect = $false
    $http = [System.Net.Http.HttpClient]::new($handler)
    $form = {
        param([System.Collections.IDictionary]$Fields)
        $d = [System.Collections.Generic.Dictionary[string, string]]::new()
        foreach ($k in $Fields.Keys) { $d[$k] = $Fields[$k] }
        [System.Net.Http.FormUrlEncodedContent]::new($d)
    }
    try {
        $base = $script:Emulator.BaseUrl.TrimEnd('/')
        $page = $http.GetStringAsync("$base/oauth2/authorize?response_type=code&client_id=$AppKey&token_access_type=offline&force_reapprove=true&code_challenge=$challenge&code_challenge_method=S256").GetAwaiter().GetResult()
        $consent = [regex]::Match($page, 'name="consent" value="([^"]+)"').Groups[1].Value
        $answer = $http.PostAsync("$base/oauth2/authorize", (& $form @{ consent = $consent; decision = 'allow' })).GetAwaiter().GetResult()
        $code = [regex]::Match($answer.Content.ReadAsStringAsync().GetAwaiter().GetResult(), '<code id="code">([^<]+)</code>').Groups[1].Value
        if (-not $code) { throw "The emulator's authorize page gave no code for app '$AppKey'." }
        $token = $http.PostAsync("$base/oauth2/token", (& $form @{ grant_type = 'authorization_code'; code = $code; client_id = $AppKey; code_verifier = $verifier })).GetAwaiter().GetResult()
        $text = $token.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $token.IsSuccessStatusCode) { throw "The code exchange failed: $([int]$token.StatusCode) $text" }
        ConvertFrom-TestJson $text
    }
    finally { $http.Dispose() }
}

function Invoke-TestTokenEndpoint {
    <# POSTs form fields to the emulator's /oauth2/token and returns @{ Status = <int>; Body = <parsed JSON> }. #>
    param([Parameter(Mandatory)][System.Collections.IDictionary]$Form)
    $d = [System.Collections.Generic.Dictionary[string, string]]::new()
    foreach ($k in $Form.Keys) { $d[$k] = $Form[$k] }
    $http = [System.Net.Http.HttpClient]::new()
    try {
        $r = $http.PostAsync($script:Emulator.BaseUrl.TrimEnd('/') + '/oauth2/token', [System.Net.Http.FormUrlEncodedContent]::new($d)).GetAwaiter().GetResult()
        @{ Status = [int]$r.StatusCode; Body = ConvertFrom-TestJson $r.Content.ReadAsStringAsync().GetAwaiter().GetResult() }
    }
    finally { $http.Dispose() }
}
