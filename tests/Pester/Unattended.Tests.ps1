# PSDropbox in a pwsh nobody watches: a script run as a scheduled task runs it (dotnet pwsh -NonInteractive -File),
# and Ctrl+C as a real SIGINT to a pwsh process in the middle of a transfer, which -Resume then completes.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    $script:Module = Join-Path (Get-Module PSDropbox).ModuleBase 'PSDropbox.psd1'

    # Runs `dotnet pwsh -NonInteractive -File <script> <arguments>` in the repository, as a scheduled task would.
    function Invoke-ScheduledScript([string]$Script, [string[]]$Arguments) {
        $path = Join-Path $TestDrive "task-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -LiteralPath $path -Value $Script
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @('pwsh', '-NonInteractive', '-File', $path) + $Arguments) { $start.ArgumentList.Add($a) }
        $start.WorkingDirectory = $RepoRoot   # where .config/dotnet-tools.json makes `dotnet pwsh` pwsh 7.6.10
        $start.RedirectStandardInput = $start.RedirectStandardOutput = $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $process.StandardInput.Close()
            $errors = $process.StandardError.ReadToEndAsync()
            $output = $process.StandardOutput.ReadToEnd()
            Wait-Finished $process 300000 'The unattended pwsh'
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output; Errors = $errors.Result -replace '\x1b\[[0-9;]*m', '' }
        }
        finally { $process.Dispose() }
    }

    # A task script's first lines: the built module, stop at the first error, the emulator as its Dropbox.
    $script:Prelude = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Module'
Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)'
"@

    # Starts pwsh running a command, as a person at a prompt would; returns the process.
    function Start-Pwsh([string]$Command) {
        $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command "$Prelude`n$Command"))
        $process.StandardInput.Close()
        $process
    }

    # Ctrl+C in a terminal: SIGINT to the pwsh process. Returns how long pwsh took to end after it.
    function Send-CtrlC([System.Diagnostics.Process]$Process) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & /bin/kill -s INT $Process.Id
        $Process.WaitForExit(60000) | Should -BeTrue -Because 'pwsh ends after Ctrl+C'
        $watch.Elapsed
    }

    function Wait-Until([scriptblock]$Condition, [string]$What) {
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Waited 120 s for $What." }
            Start-Sleep -Milliseconds 50
        }
    }

    function Set-TestFaults([string]$Spec) {
        if ($Spec) { Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = $Spec; seed = 1 } | Out-Null }
        else { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
    }
}

AfterAll { Set-TestFaults $null }

Describe 'A script run as a scheduled task (dotnet pwsh -NonInteractive -File)' {
    It 'uploads, lists and exits with 0' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'nightly')
        1..3 | ForEach-Object { New-TestFile -Path (Join-Path $folder "part$_.bin") -Size (100 * $_) -Seed $_ | Out-Null }
        $run = Invoke-ScheduledScript -Script @"
param([string]`$Source)
$Prelude
Get-ChildItem -LiteralPath `$Source -File | Send-DropboxFile -Destination /Nightly/
Get-DropboxChildItem /Nightly | ForEach-Object { '{0}={1}' -f `$_.Name, `$_.Length }
"@ -Arguments $folder.FullName
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Errors | Should -BeNullOrEmpty
        ($run.Output -split '\r?\n' | Where-Object { $_ }) | Should -Be 'part1.bin=100', 'part2.bin=200', 'part3.bin=300'
    }

    It 'exits with 1 and the error''s own text, without a stack trace, when a command fails' {
        $run = Invoke-ScheduledScript -Script @"
$Prelude
Receive-DropboxFile /Nightly/missing.bin -Destination '$TestDrive'
'not reached'
"@
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Not -Match 'not reached'
        $run.Errors | Should -Match "(?s)^Receive-DropboxFile: .*'/Nightly/missing\.bin' was not found in Dropbox"
        $run.Errors | Should -Not -Match '\s+at PSDropbox\.'
        Test-Path -LiteralPath (Join-Path $TestDrive 'missing.bin*') | Should -BeFalse
    }

    It 'can catch a PSDropbox error by its id and choose the exit code' {
        $run = Invoke-ScheduledScript -Script @"
$Prelude
try { Get-DropboxItem /Nightly/missing.bin }
catch [System.Management.Automation.RuntimeException] {
    if (`$_.FullyQualifiedErrorId -like 'PSDropbox.PathNotFound,*') { Write-Output "missing: `$(`$_.TargetObject)"; exit 3 }
    throw
}
"@
        $run.ExitCode | Should -Be 3 -Because $run.Errors
        $run.Output.Trim() | Should -Be 'missing: /Nightly/missing.bin'
    }

    It 'fails at once, with exit code 1 and what to do instead, when it would need a browser to sign in' {
        $run = Invoke-ScheduledScript -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Module'
Connect-Dropbox -AppKey some-app -ApiEndpoint '$($Emulator.BaseUrl)' -TimeoutSec 300
"@
        $run.ExitCode | Should -Be 1
        $run.Errors | Should -Match 'PowerShell runs with -NonInteractive'
        $run.Errors | Should -Match 'Connect-Dropbox -Name'
    }
}

Describe 'Ctrl+C (SIGINT) to a pwsh process in the middle of a transfer' {
    AfterEach { Set-TestFaults $null }

    It 'stops an upload at once; -Resume finishes it without sending a committed byte again' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'sigint-up.bin') -Size (12MB + 5) -Seed 61
        # Every append answers only after 30 s: the upload is mid-session when Ctrl+C comes.
        Set-TestFaults 'slow=1,slowms=30000,routes=files/upload_session/append_v2'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $pwsh = Start-Pwsh "Send-DropboxFile -LiteralPath '$($file.FullName)' -Destination /Sigint/up.bin -ChunkSize 4MB"
        try {
            Wait-Until { @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/upload_session/append_v2' }).Count -gt 0 } 'the first append'
            (Send-CtrlC $pwsh).TotalSeconds | Should -BeLessThan 10
            $pwsh.ExitCode | Should -Not -Be 0
        }
        finally { if (-not $pwsh.HasExited) { $pwsh.Kill() }; $pwsh.Dispose() }
        { Get-DropboxItem /Sigint/up.bin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'

        Set-TestFaults $null
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination /Sigint/up.bin -ChunkSize 4MB -Resume -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/upload_session/start' }) | Should -HaveCount 0 -Because 'the resume continues the session'
        $session = @(Invoke-EmulatorAdmin -Path upload_sessions)[0]
        @($session.finished, $session.bytes_accepted, $session.bytes_refused) | Should -Be @($true, (12MB + 5), 0)
    }

    It 'stops a download at once, leaving only the partial file; -Resume finishes it from there' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'sigint-down-src.bin') -Size (5MB + 9) -Seed 62
        Send-DropboxFile -LiteralPath $file.FullName -Destination /Sigint/down.bin | Out-Null
        $target = Join-Path $TestDrive 'sigint-down.bin'
        $partial = "$target.psdropbox-partial"
        # The body stalls halfway for 30 s: some bytes are on disk when Ctrl+C comes.
        Set-TestFaults 'slow=1,slowms=30000,routes=files/download'
        $pwsh = Start-Pwsh "Receive-DropboxFile /Sigint/down.bin -Destination '$target'"
        try {
            Wait-Until { (Test-Path -LiteralPath $partial) -and (Get-Item -LiteralPath $partial).Length -gt 0 } 'bytes of the download on disk'
            (Send-CtrlC $pwsh).TotalSeconds | Should -BeLessThan 10
            $pwsh.ExitCode | Should -Not -Be 0
        }
        finally { if (-not $pwsh.HasExited) { $pwsh.Kill() }; $pwsh.Dispose() }
        Test-Path -LiteralPath $target | Should -BeFalse -Because 'the destination name never holds a partial file'
        $kept = (Get-Item -LiteralPath $partial).Length
        $kept | Should -BeGreaterThan 0
        $kept | Should -BeLessThan (5MB + 9)

        Set-TestFaults $null
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $back = Receive-DropboxFile /Sigint/down.bin -Destination $target -Resume -PassThru
        Get-ContentHash $back.LocalPath | Should -BeExactly (Get-ContentHash $file.FullName)
        Test-Path -LiteralPath $partial | Should -BeFalse
        $download = @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/download' })
        $download | Should -HaveCount 1
        $download[0].range | Should -Be "bytes=$kept-"
        $download[0].status | Should -Be 206
    }
}
