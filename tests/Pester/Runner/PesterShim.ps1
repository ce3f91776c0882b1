# Pester 5 subset for the hosted runner. Dot-sourced into the global scope of a fresh runspace
# (not a module: user script blocks and these functions share one session state, so dot-sourcing
# a user block runs it in the intended scope). Every shim local is named $__psdt* so it does not
# clobber test variables; results go to $__PSDT_Runner (a C# FileRun object).

$global:__psdtCurrent = $null
$global:__psdtRoot = $null
$global:__psdtMode = 'Discovery'

function __psdtNewBlock([string]$Name, $Parent, $Data, [bool]$HasData) {
    [pscustomobject]@{
        Kind       = 'Block'
        Name       = $Name
        Parent     = $Parent
        Items      = [System.Collections.Generic.List[object]]::new()
        BeforeAll  = [System.Collections.Generic.List[scriptblock]]::new()
        AfterAll   = [System.Collections.Generic.List[scriptblock]]::new()
        BeforeEach = [System.Collections.Generic.List[scriptblock]]::new()
        AfterEach  = [System.Collections.Generic.List[scriptblock]]::new()
        Data       = $Data
        HasData    = $HasData
        Path       = if ($null -ne $Parent -and $null -ne $Parent.Parent) { @($Parent.Path) + $Name } elseif ($null -ne $Parent) { , $Name } else { @() }
    }
}

function __psdtExpandName([string]$__psdtTemplate, $__psdtData, [bool]$__psdtHasData) {
    if (-not $__psdtHasData) { return $__psdtTemplate }
    [regex]::Replace($__psdtTemplate, '<([^<>]+)>', {
        param($__psdtM)
        $__psdtParts = $__psdtM.Groups[1].Value.Split('.')
        $__psdtFirst = $__psdtParts[0]
        $__psdtFound = $false
        $__psdtVal = $null
        if ($__psdtFirst -eq '_') { $__psdtVal = $__psdtData; $__psdtFound = $true }
        elseif ($__psdtData -is [System.Collections.IDictionary]) {
            foreach ($__psdtK in $__psdtData.Keys) {
                if ([string]$__psdtK -eq $__psdtFirst) { $__psdtVal = $__psdtData[$__psdtK]; $__psdtFound = $true; break }
            }
        }
        if (-not $__psdtFound) { return $__psdtM.Value }
        for ($__psdtI = 1; $__psdtI -lt $__psdtParts.Count; $__psdtI++) {
            if ($null -eq $__psdtVal) { break }
            $__psdtVal = $__psdtVal.($__psdtParts[$__psdtI])
        }
        if ($null -eq $__psdtVal) { return '$null' }
        return [string]$__psdtVal
    })
}

function __psdtDataItems($ForEach) {
    # Pester 5: -ForEach takes an array; each element is one test (a hashtable gives variables).
    , @($ForEach)
}

function __psdtSetDataVariables($__psdtData, [bool]$__psdtHasData) {
    # Sets $_ and hashtable keys as variables in the caller's scope (call it dot-sourced).
    if (-not $__psdtHasData) { return }
    if ($__psdtData -is [System.Collections.IDictionary]) {
        foreach ($__psdtK in $__psdtData.Keys) { $ExecutionContext.SessionState.PSVariable.Set([string]$__psdtK, $__psdtData[$__psdtK]) }
    }
}

function __psdtDeclareBlock([string]$Name, [scriptblock]$Fixture, $ForEach, [bool]$HasForEach, [string]$Kind) {
    if ($global:__psdtMode -ne 'Discovery') {
        throw "$Kind '$Name' was called while tests were running; Describe/Context must be at the top of the file or inside another Describe/Context."
    }
    if ($null -eq $global:__psdtCurrent) { throw "$Kind '$Name' was called outside of discovery." }
    if ($null -eq $Fixture) { throw "$Kind '$Name' has no script block." }
    # Without its own -ForEach a block inherits the data of the enclosing block ($_ and variables), like Pester 5.
    $__psdtHas = $HasForEach
    if ($HasForEach) { $__psdtRows = @($ForEach) } else { $__psdtRows = , $global:__psdtCurrent.Data; $__psdtHas = $global:__psdtCurrent.HasData }
    foreach ($__psdtRow in $__psdtRows) {
        $__psdtParent = $global:__psdtCurrent
        $__psdtBlock = __psdtNewBlock -Name (__psdtExpandName $Name $__psdtRow $__psdtHas) -Parent $__psdtParent -Data $__psdtRow -HasData $__psdtHas
        $__psdtParent.Items.Add($__psdtBlock)
        $global:__psdtCurrent = $__psdtBlock
        try {
            # $_ is the data row inside the body (piped in), hashtable keys become variables.
            , $__psdtRow | & {
                param($__psdtFx, $__psdtD, $__psdtH)
                process {
                    . __psdtSetDataVariables $__psdtD $__psdtH
                    $null = & $__psdtFx
                }
            } $Fixture $__psdtRow $__psdtHas
        }
        finally { $global:__psdtCurrent = $__psdtParent }
    }
}

function Describe {
    param(
        [Parameter(Mandatory, Position = 0)][string]$Name,
        [Parameter(Position = 1)][scriptblock]$Fixture,
        [string[]]$Tag,
        [Alias('TestCases')][object[]]$ForEach
    )
    __psdtDeclareBlock -Name $Name -Fixture $Fixture -ForEach $ForEach -HasForEach $PSBoundParameters.ContainsKey('ForEach') -Kind 'Describe'
}

function Context {
    param(
        [Parameter(Mandatory, Position = 0)][string]$Name,
        [Parameter(Position = 1)][scriptblock]$Fixture,
        [string[]]$Tag,
        [Alias('TestCases')][object[]]$ForEach
    )
    __psdtDeclareBlock -Name $Name -Fixture $Fixture -ForEach $ForEach -HasForEach $PSBoundParameters.ContainsKey('ForEach') -Kind 'Context'
}

function It {
    param(
        [Parameter(Mandatory, Position = 0)][string]$Name,
        [Parameter(Position = 1)][scriptblock]$Test,
        [string[]]$Tag,
        [Alias('TestCases')][object[]]$ForEach
    )
    if ($global:__psdtMode -ne 'Discovery' -or $null -eq $global:__psdtCurrent) { throw "It '$Name' must be inside a Describe or Context block (and not inside another It)." }
    if ($null -eq $global:__psdtCurrent.Parent) { throw "It '$Name' must be inside a Describe or Context block." }
    if ($null -eq $Test) { throw "It '$Name' has no script block (pending/skipped tests are not supported here)." }
    $__psdtHas = $PSBoundParameters.ContainsKey('ForEach')
    if ($__psdtHas) { $__psdtRows = @($ForEach) } else { $__psdtRows = , $global:__psdtCurrent.Data; $__psdtHas = $global:__psdtCurrent.HasData }
    foreach ($__psdtRow in $__psdtRows) {
        $__psdtName = __psdtExpandName $Name $__psdtRow $__psdtHas
        $__psdtPath = @($global:__psdtCurrent.Path) + $__psdtName
        $__psdtKey = $__PSDT_Runner.AddTest([string[]]$__psdtPath)
        $global:__psdtCurrent.Items.Add([pscustomobject]@{
                Kind = 'Test'; Name = $__psdtName; Key = $__psdtKey; Test = $Test; Data = $__psdtRow; HasData = $__psdtHas
            })
    }
}

function __psdtAddSetup([string]$Which, [scriptblock]$Sb) {
    if ($global:__psdtMode -ne 'Discovery' -or $null -eq $global:__psdtCurrent) { throw "$Which must be called directly in a Describe/Context block or at the top of the file." }
    $global:__psdtCurrent.$Which.Add($Sb)
}
function BeforeAll { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) __psdtAddSetup 'BeforeAll' $Scriptblock }
function AfterAll { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) __psdtAddSetup 'AfterAll' $Scriptblock }
function BeforeEach { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) __psdtAddSetup 'BeforeEach' $Scriptblock }
function AfterEach { param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock) __psdtAddSetup 'AfterEach' $Scriptblock }
function BeforeDiscovery {
    param([Parameter(Mandatory, Position = 0)][scriptblock]$Scriptblock)
    # Pester 5 dot-sources BeforeDiscovery into the scope that declared it. A function cannot dot-source into its
    # caller, so run it here and publish the variables it assigns (Set-Variable does not exist in this engine).
    . $Scriptblock
    $__psdtAssigned = $Scriptblock.Ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true) |
        ForEach-Object { $_.Left } |
        Where-Object { $_ -is [System.Management.Automation.Language.VariableExpressionAst] -and -not $_.VariablePath.DriveName } |
        ForEach-Object { $_.VariablePath.UserPath } |
        Where-Object { $_ -notlike '__psdt*' }
    $__psdtSeen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($__psdtName in @($__psdtAssigned)) {
        if (-not $__psdtSeen.Add($__psdtName)) { continue }
        $__psdtValue = $ExecutionContext.SessionState.PSVariable.GetValue($__psdtName)
        [scriptblock]::Create("param(`$v) `$global:$__psdtName = `$v").Invoke(@(, $__psdtValue)) | Out-Null
    }
}

# ---------------------------------------------------------------------------------------------
# Should

function __psdtFormat($__psdtV) {
    if ($null -eq $__psdtV) { return '$null' }
    if ($__psdtV -is [string]) { return "'$__psdtV'" }
    if ($__psdtV -is [bool]) { return '$' + "$__psdtV".ToLowerInvariant() }
    if ($__psdtV -is [scriptblock]) { return "{$__psdtV}" }
    if ($__psdtV -is [type]) { return "[$($__psdtV.FullName)]" }
    if ($__psdtV -is [System.Collections.IDictionary]) { return "@{$(@(foreach ($__psdtK in $__psdtV.Keys) { "$__psdtK=$(__psdtFormat $__psdtV[$__psdtK])" }) -join '; ')}" }
    if ($__psdtV -is [System.Collections.IEnumerable]) { return "@($(@(foreach ($__psdtE in $__psdtV) { __psdtFormat $__psdtE }) -join ', '))" }
    if ($__psdtV -is [System.Management.Automation.PSCustomObject]) {
        return "PSObject{$(@(foreach ($__psdtP in $__psdtV.PSObject.Properties) { "$($__psdtP.Name)=$(__psdtFormat $__psdtP.Value)" }) -join '; ')}"
    }
    return [string]$__psdtV
}

function __psdtIsCollection($__psdtV) {
    $null -ne $__psdtV -and $__psdtV -is [System.Collections.IEnumerable] -and $__psdtV -isnot [string] -and $__psdtV -isnot [System.Collections.IDictionary]
}

function __psdtEqual($__psdtA, $__psdtB, [bool]$__psdtExact) {
    # Pester 5 Should -Be: collections compare element-wise; strings case-insensitive unless exact.
    $__psdtAC = __psdtIsCollection $__psdtA
    $__psdtBC = __psdtIsCollection $__psdtB
    if ($__psdtAC -or $__psdtBC) {
        $__psdtAA = @($__psdtA); $__psdtBB = @($__psdtB)
        if ($__psdtAA.Count -ne $__psdtBB.Count) { return $false }
        for ($__psdtI = 0; $__psdtI -lt $__psdtAA.Count; $__psdtI++) {
            if (-not (__psdtEqual $__psdtAA[$__psdtI] $__psdtBB[$__psdtI] $__psdtExact)) { return $false }
        }
        return $true
    }
    if ($null -eq $__psdtA -or $null -eq $__psdtB) { return ($null -eq $__psdtA) -and ($null -eq $__psdtB) }
    # The expected value is on the left, like Pester ($Expected -eq $Actual).
    if ($__psdtExact) { return [bool]($__psdtB -ceq $__psdtA) }
    return [bool]($__psdtB -eq $__psdtA)
}

function __psdtBecause([string]$__psdtB) { if ($__psdtB -and $__psdtB.Trim()) { " because $($__psdtB.Trim() -replace '^because\s+')," } else { '' } }

function Should {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)][object]$ActualValue,
        [Parameter(Position = 0)][object]$ExpectedValue,
        [Parameter(Position = 1)][string]$Because,
        [switch]$Not,
        [switch]$Be, [switch]$BeExactly, [switch]$BeNullOrEmpty, [switch]$BeOfType, [switch]$HaveCount,
        [switch]$Match, [switch]$Throw, [switch]$BeGreaterThan, [switch]$BeLessThan, [switch]$Contain,
        [switch]$BeTrue, [switch]$BeFalse, [switch]$BeIn, [switch]$BeLike,
        [object]$ExpectedType, [string]$RegularExpression, [string]$ExpectedMessage, [string]$ErrorId,
        [type]$ExceptionType, [switch]$PassThru
    )
    begin { $__psdtInput = [System.Collections.Generic.List[object]]::new() }
    process { $__psdtInput.Add($ActualValue) }
    end {
        $__psdtOps = @('Be', 'BeExactly', 'BeNullOrEmpty', 'BeOfType', 'HaveCount', 'Match', 'Throw', 'BeGreaterThan', 'BeLessThan', 'Contain', 'BeTrue', 'BeFalse', 'BeIn', 'BeLike') |
            Where-Object { $PSBoundParameters.ContainsKey($_) -and $PSBoundParameters[$_] }
        $__psdtOps = @($__psdtOps)
        if ($__psdtOps.Count -ne 1) { throw "Should needs exactly one operator (-Be, -Throw, ...); got: $($__psdtOps -join ', ')" }
        $__psdtOp = $__psdtOps[0]
        $__psdtHasExpected = $PSBoundParameters.ContainsKey('ExpectedValue')
        $__psdtWhere = "at $($MyInvocation.Line.Trim()), $($MyInvocation.ScriptName):$($MyInvocation.ScriptLineNumber)"
        $__psdtBec = __psdtBecause $Because
        $__psdtNeg = [bool]$Not

        $__psdtArrayOps = @('Be', 'BeExactly', 'BeNullOrEmpty', 'HaveCount', 'Contain', 'Throw')
        $__psdtActuals = [System.Collections.Generic.List[object]]::new()
        if (-not $MyInvocation.ExpectingInput) { $__psdtActuals.Add($ActualValue) }
        elseif ($__psdtArrayOps -contains $__psdtOp) {
            if ($__psdtInput.Count -eq 0) { if ($__psdtOp -in 'HaveCount', 'Contain', 'BeNullOrEmpty') { $__psdtActuals.Add(@()) } else { $__psdtActuals.Add($null) } }
            elseif ($__psdtInput.Count -eq 1 -and $__psdtOp -ne 'HaveCount') { $__psdtActuals.Add($__psdtInput[0]) }
            else { $__psdtActuals.Add($__psdtInput.ToArray()) }
        }
        else {
            if ($__psdtInput.Count -eq 0) { $__psdtActuals.Add($null) } else { foreach ($__psdtX in $__psdtInput) { $__psdtActuals.Add($__psdtX) } }
        }

        foreach ($__psdtA in $__psdtActuals) {
            $__psdtOk = $true; $__psdtMsg = $null; $__psdtNotMsg = $null
            switch ($__psdtOp) {
                'Be' {
                    $__psdtOk = __psdtEqual $__psdtA $ExpectedValue $false
                    $__psdtMsg = "Expected $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected $(__psdtFormat $ExpectedValue) to be different from the actual value,$__psdtBec but got the same value."
                }
                'BeExactly' {
                    $__psdtOk = __psdtEqual $__psdtA $ExpectedValue $true
                    $__psdtMsg = "Expected exactly $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected $(__psdtFormat $ExpectedValue) to be different from the actual value (case sensitive),$__psdtBec but got the same value."
                }
                'BeNullOrEmpty' {
                    $__psdtOk = ($null -eq $__psdtA) -or ($__psdtA -is [string] -and $__psdtA.Length -eq 0) -or ((__psdtIsCollection $__psdtA) -and @($__psdtA).Count -eq 0) -or ($__psdtA -is [System.Collections.IDictionary] -and $__psdtA.Count -eq 0)
                    $__psdtMsg = "Expected `$null or empty,$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected a value,$__psdtBec but got `$null or empty."
                }
                'BeOfType' {
                    $__psdtT = if ($PSBoundParameters.ContainsKey('ExpectedType')) { $ExpectedType } else { $ExpectedValue }
                    # Like Pester: -BeOfType [string] passes the text '[string]' in argument mode.
                    if ($__psdtT -is [string]) { $__psdtT = [type]($__psdtT -replace '^\[(.*)\]$', '$1') }
                    $__psdtOk = $__psdtA -is $__psdtT
                    $__psdtGot = if ($null -eq $__psdtA) { '$null' } else { "[$($__psdtA.GetType().FullName)]" }
                    $__psdtMsg = "Expected the value to have type [$($__psdtT.FullName)] or any of its subtypes,$__psdtBec but got $(__psdtFormat $__psdtA) with type $__psdtGot."
                    $__psdtNotMsg = "Expected the value to not have type [$($__psdtT.FullName)] or any of its subtypes,$__psdtBec but got $(__psdtFormat $__psdtA) with type $__psdtGot."
                }
                'HaveCount' {
                    $__psdtN = if ($null -eq $__psdtA) { 0 } elseif (__psdtIsCollection $__psdtA) { @($__psdtA).Count } else { 1 }
                    $__psdtOk = $__psdtN -eq [int]$ExpectedValue
                    $__psdtMsg = "Expected a collection with size $ExpectedValue,$__psdtBec but got collection with size $__psdtN $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected a collection with size different from $ExpectedValue,$__psdtBec but got collection with that size $(__psdtFormat $__psdtA)."
                }
                'Match' {
                    $__psdtRx = if ($PSBoundParameters.ContainsKey('RegularExpression')) { $RegularExpression } else { [string]$ExpectedValue }
                    $__psdtOk = [string]$__psdtA -match $__psdtRx
                    $__psdtMsg = "Expected regular expression '$__psdtRx' to match $(__psdtFormat $__psdtA),$__psdtBec but it did not match."
                    $__psdtNotMsg = "Expected regular expression '$__psdtRx' to not match $(__psdtFormat $__psdtA),$__psdtBec but it did match."
                }
                'BeLike' {
                    $__psdtOk = [string]$__psdtA -like [string]$ExpectedValue
                    $__psdtMsg = "Expected like wildcard $(__psdtFormat $ExpectedValue) to match $(__psdtFormat $__psdtA),$__psdtBec but it did not match."
                    $__psdtNotMsg = "Expected like wildcard $(__psdtFormat $ExpectedValue) to not match $(__psdtFormat $__psdtA),$__psdtBec but it did match."
                }
                'BeGreaterThan' {
                    $__psdtOk = $__psdtA -gt $ExpectedValue
                    $__psdtMsg = "Expected the actual value to be greater than $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected the actual value to be less than or equal to $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                }
                'BeLessThan' {
                    $__psdtOk = $__psdtA -lt $ExpectedValue
                    $__psdtMsg = "Expected the actual value to be less than $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected the actual value to be greater than or equal to $(__psdtFormat $ExpectedValue),$__psdtBec but got $(__psdtFormat $__psdtA)."
                }
                'Contain' {
                    $__psdtOk = @($__psdtA) -contains $ExpectedValue
                    $__psdtMsg = "Expected $(__psdtFormat $ExpectedValue) to be found in collection $(__psdtFormat @($__psdtA)),$__psdtBec but it was not found."
                    $__psdtNotMsg = "Expected $(__psdtFormat $ExpectedValue) to not be found in collection $(__psdtFormat @($__psdtA)),$__psdtBec but it was found."
                }
                'BeIn' {
                    $__psdtOk = @($ExpectedValue) -contains $__psdtA
                    $__psdtMsg = "Expected collection $(__psdtFormat @($ExpectedValue)) to contain $(__psdtFormat $__psdtA),$__psdtBec but it was not found."
                    $__psdtNotMsg = "Expected collection $(__psdtFormat @($ExpectedValue)) to not contain $(__psdtFormat $__psdtA),$__psdtBec but it was found."
                }
                'BeTrue' {
                    $__psdtOk = [bool]$__psdtA
                    $__psdtMsg = "Expected `$true,$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected `$false,$__psdtBec but got $(__psdtFormat $__psdtA)."
                }
                'BeFalse' {
                    $__psdtOk = -not [bool]$__psdtA
                    $__psdtMsg = "Expected `$false,$__psdtBec but got $(__psdtFormat $__psdtA)."
                    $__psdtNotMsg = "Expected `$true,$__psdtBec but got $(__psdtFormat $__psdtA)."
                }
                'Throw' {
                    if ($__psdtA -isnot [scriptblock]) { throw "Should -Throw needs a script block as the actual value; got $(__psdtFormat $__psdtA)." }
                    $__psdtMsgPattern = if ($PSBoundParameters.ContainsKey('ExpectedMessage')) { $ExpectedMessage } elseif ($__psdtHasExpected) { [string]$ExpectedValue } else { $null }
                    $__psdtErr = $null
                    try { $null = & $__psdtA } catch { $__psdtErr = $_ }
                    if ($__psdtNeg) {
                        if ($null -ne $__psdtErr) {
                            $__psdtOk = $false
                            $__psdtNotMsg = "Expected no exception to be thrown,$__psdtBec but an exception `"$($__psdtErr.Exception.Message)`" was thrown from $($__psdtErr.InvocationInfo.ScriptName):$($__psdtErr.InvocationInfo.ScriptLineNumber) char:$($__psdtErr.InvocationInfo.OffsetInLine)."
                            if ($__psdtMsgPattern -or $ErrorId -or $ExceptionType) { throw 'Should -Not -Throw does not take -ExpectedMessage, -ErrorId or -ExceptionType (like Pester 5).' }
                        }
                        break
                    }
                    $__psdtFilter = @()
                    if ($ExceptionType) { $__psdtFilter += "type [$($ExceptionType.FullName)]" }
                    if ($__psdtMsgPattern) { $__psdtFilter += "message like '$__psdtMsgPattern'" }
                    if ($ErrorId) { $__psdtFilter += "FullyQualifiedErrorId '$ErrorId'" }
                    $__psdtWhat = if ($__psdtFilter.Count) { "an exception with $($__psdtFilter -join ', ')" } else { 'an exception' }
                    if ($null -eq $__psdtErr) {
                        $__psdtOk = $false
                        $__psdtMsg = "Expected $__psdtWhat to be thrown,$__psdtBec but no exception was thrown."
                    }
                    else {
                        $__psdtProblems = @()
                        if ($ExceptionType -and $__psdtErr.Exception -isnot $ExceptionType) { $__psdtProblems += "the exception type was [$($__psdtErr.Exception.GetType().FullName)]" }
                        if ($__psdtMsgPattern -and $__psdtErr.Exception.Message -notlike $__psdtMsgPattern) { $__psdtProblems += "the message was '$($__psdtErr.Exception.Message)'" }
                        if ($ErrorId -and $__psdtErr.FullyQualifiedErrorId -notlike "*$ErrorId*") { $__psdtProblems += "the FullyQualifiedErrorId was '$($__psdtErr.FullyQualifiedErrorId)'" }
                        if ($__psdtProblems.Count) {
                            $__psdtOk = $false
                            $__psdtMsg = "Expected $__psdtWhat to be thrown,$__psdtBec but $($__psdtProblems -join ' and ')."
                        }
                        elseif ($PassThru) { $__psdtErr }
                    }
                    break
                }
            }
            $__psdtFail = if ($__psdtNeg -and $__psdtOp -ne 'Throw') { $__psdtOk } else { -not $__psdtOk }
            if ($__psdtFail) {
                $__psdtText = if ($__psdtNeg) { $__psdtNotMsg } else { $__psdtMsg }
                $__psdtEx = [System.Exception]::new("$__psdtText`n$__psdtWhere")
                $__psdtRec = [System.Management.Automation.ErrorRecord]::new($__psdtEx, 'PesterAssertionFailed', [System.Management.Automation.ErrorCategory]::InvalidResult, $__psdtA)
                throw $__psdtRec
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------
# Execution

function __psdtErrorText($__psdtE) {
    if ($__psdtE -is [System.Management.Automation.ErrorRecord]) {
        if ($__psdtE.FullyQualifiedErrorId -eq 'PesterAssertionFailed') { return $__psdtE.Exception.Message }
        $__psdtInv = $__psdtE.InvocationInfo
        $__psdtPos = if ($null -ne $__psdtInv -and $__psdtInv.ScriptName) { "`nat $($__psdtInv.Line.Trim()), $($__psdtInv.ScriptName):$($__psdtInv.ScriptLineNumber)" } else { '' }
        # The user's frames only (the shim runs from memory: '<No file>').
        $__psdtFrames = @(([string]$__psdtE.ScriptStackTrace).Split("`n") | Where-Object { $_ -and $_ -notlike '*<No file>*' })
        $__psdtStack = if ($__psdtFrames.Count) { "`n" + ($__psdtFrames -join "`n") } else { '' }
        return "$($__psdtE.Exception.GetType().Name): $($__psdtE.Exception.Message)$__psdtPos$__psdtStack"
    }
    return [string]$__psdtE
}

function __psdtTestsUnder($__psdtB) {
    foreach ($__psdtI in $__psdtB.Items) {
        if ($__psdtI.Kind -eq 'Test') { $__psdtI } else { __psdtTestsUnder $__psdtI }
    }
}

function __psdtFailAll($__psdtB, [string]$__psdtWhy) {
    foreach ($__psdtT in @(__psdtTestsUnder $__psdtB)) { $__PSDT_Runner.Fail($__psdtT.Key, $__psdtWhy) }
}

function __psdtRunTest {
    # Runs in a fresh child scope of the block scopes: BeforeEach (outer->inner), the test, AfterEach (inner->outer).
    # The data row is piped in so $_ is the row, like Pester 5.
    param($__psdtT, $__psdtBlock)
    process {
    $__psdtChain = [System.Collections.Generic.List[object]]::new()
    for ($__psdtB = $__psdtBlock; $null -ne $__psdtB; $__psdtB = $__psdtB.Parent) { $__psdtChain.Insert(0, $__psdtB) }
    $__PSDT_Runner.Begin($__psdtT.Key)
    $__psdtFailure = $null
    $__psdtSw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        . __psdtSetDataVariables $__psdtT.Data $__psdtT.HasData
        foreach ($__psdtB in $__psdtChain) { foreach ($__psdtSb in $__psdtB.BeforeEach) { $null = . $__psdtSb } }
        $null = . $__psdtT.Test
    }
    catch { $__psdtFailure = __psdtErrorText $_ }
    for ($__psdtI = $__psdtChain.Count - 1; $__psdtI -ge 0; $__psdtI--) {
        foreach ($__psdtSb in $__psdtChain[$__psdtI].AfterEach) {
            try { $null = . $__psdtSb }
            catch { $__psdtAe = "AfterEach failed: $(__psdtErrorText $_)"; $__psdtFailure = if ($__psdtFailure) { "$__psdtFailure`n$__psdtAe" } else { $__psdtAe } }
        }
    }
    $__psdtSw.Stop()
    $__PSDT_Runner.Finish($__psdtT.Key, $null -eq $__psdtFailure, [string]$__psdtFailure, $__psdtSw.Elapsed.TotalMilliseconds)
    }
}

function __psdtRunBlock {
    # A new scope per block (this function's own scope): BeforeAll is dot-sourced here, so
    # its variables are visible to the block's tests and child blocks, and not to siblings.
    param($__psdtBlock)
    process {
    # Pester 5 TestDrive: one per file (root block); each block removes what was added during it.
    $__psdtTdBefore = __psdtTestDriveEntries
    try {
        . __psdtSetDataVariables $__psdtBlock.Data $__psdtBlock.HasData
        $__psdtSetupError = $null
        try { foreach ($__psdtSb in $__psdtBlock.BeforeAll) { $null = . $__psdtSb } }
        catch { $__psdtSetupError = __psdtErrorText $_ }
        if ($null -ne $__psdtSetupError) {
            __psdtFailAll $__psdtBlock "BeforeAll failed: $__psdtSetupError"
        }
        else {
            foreach ($__psdtItem in $__psdtBlock.Items) {
                if ($__psdtItem.Kind -eq 'Test') { , $__psdtItem.Data | __psdtRunTest $__psdtItem $__psdtBlock }
                else { , $__psdtItem.Data | __psdtRunBlock $__psdtItem }
            }
        }
        foreach ($__psdtSb in $__psdtBlock.AfterAll) {
            try { $null = . $__psdtSb }
            catch { __psdtFailAll $__psdtBlock "AfterAll failed: $(__psdtErrorText $_)" }
        }
    }
    finally {
        foreach ($__psdtE in @(__psdtTestDriveEntries)) {
            if ($__psdtTdBefore -notcontains $__psdtE) {
                try { if ([System.IO.Directory]::Exists($__psdtE)) { [System.IO.Directory]::Delete($__psdtE, $true) } elseif ([System.IO.File]::Exists($__psdtE)) { [System.IO.File]::Delete($__psdtE) } } catch { }
            }
        }
    }
    }
}

function __psdtTestDriveEntries {
    $__psdtTd = $global:TestDrive
    if ($__psdtTd -and [System.IO.Directory]::Exists($__psdtTd)) {
        [System.IO.Directory]::GetFileSystemEntries($__psdtTd, '*', [System.IO.SearchOption]::AllDirectories)
    }
}

function __psdtNewTestDrive {
    $__psdtTd = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), [guid]::NewGuid().ToString())
    $null = [System.IO.Directory]::CreateDirectory($__psdtTd)
    $__psdtProv = $ExecutionContext.SessionState.Provider.GetOne('FileSystem')
    $null = $ExecutionContext.SessionState.Drive.New([System.Management.Automation.PSDriveInfo]::new('TestDrive', $__psdtProv, $__psdtTd, 'Pester test drive', $null), 'Global')
    $global:TestDrive = $__psdtTd
}

function __psdtRemoveTestDrive {
    $__psdtTd = $global:TestDrive
    try { $ExecutionContext.SessionState.Drive.Remove('TestDrive', $true, 'Global') } catch { }
    if ($__psdtTd -and [System.IO.Directory]::Exists($__psdtTd)) { try { [System.IO.Directory]::Delete($__psdtTd, $true) } catch { } }
    $global:TestDrive = $null
}

function __psdtDiscover([string]$__psdtFile) {
    $global:__psdtMode = 'Discovery'
    $global:__psdtRoot = __psdtNewBlock -Name '' -Parent $null -Data $null -HasData $false
    $global:__psdtCurrent = $global:__psdtRoot
    try { $null = & $__psdtFile }
    finally { $global:__psdtCurrent = $null; $global:__psdtMode = 'Run' }
}

function __psdtRun([string]$__psdtFile) {
    $__psdtRootBlock = $global:__psdtRoot
    $global:__psdtMode = 'Run'
    # Top-level BeforeAll/AfterAll (outside any Describe) belong to the root block, like Pester 5.
    __psdtNewTestDrive
    try {
    & {
        $PSScriptRoot = [System.IO.Path]::GetDirectoryName($__psdtFile)
        $PSCommandPath = $__psdtFile
        $__psdtSetupError = $null
        try { foreach ($__psdtSb in $__psdtRootBlock.BeforeAll) { $null = . $__psdtSb } }
        catch { $__psdtSetupError = __psdtErrorText $_ }
        if ($null -ne $__psdtSetupError) { __psdtFailAll $__psdtRootBlock "BeforeAll failed: $__psdtSetupError" }
        else { foreach ($__psdtItem in $__psdtRootBlock.Items) { , $__psdtItem.Data | __psdtRunBlock $__psdtItem } }
        foreach ($__psdtSb in $__psdtRootBlock.AfterAll) {
            try { $null = . $__psdtSb } catch { __psdtFailAll $__psdtRootBlock "AfterAll failed: $(__psdtErrorText $_)" }
        }
    }
    }
    finally { __psdtRemoveTestDrive }
}

# ---------------------------------------------------------------------------------------------
# Stand-ins for two Microsoft.PowerShell.Management path cmdlets that the hosted engine lacks and
# that Pester test files use all the time. Defined only when the real cmdlet is missing; they cover
# the common forms (Join-Path a b [c...]; Test-Path [-Path|-LiteralPath] p [-PathType Leaf|Container]).

if (-not (Get-Command -Name Join-Path -CommandType Cmdlet -ErrorAction Ignore)) {
    function global:Join-Path {
        [CmdletBinding()]
        param(
            [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('PSPath')][string[]]$Path,
            [Parameter(Position = 1)][AllowNull()][AllowEmptyString()][string]$ChildPath,
            [Parameter(Position = 2, ValueFromRemainingArguments)][AllowNull()][AllowEmptyString()][string[]]$AdditionalChildPath,
            [switch]$Resolve
        )
        process {
            $__psdtSep = [System.IO.Path]::DirectorySeparatorChar
            foreach ($__psdtP in $Path) {
                $__psdtOut = $__psdtP
                foreach ($__psdtC in @($ChildPath) + @($AdditionalChildPath)) {
                    if ([string]::IsNullOrEmpty($__psdtC)) { continue }
                    if ([string]::IsNullOrEmpty($__psdtOut)) { $__psdtOut = $__psdtC; continue }
                    $__psdtOut = $__psdtOut.TrimEnd('/', '\') + $__psdtSep + $__psdtC.TrimStart('/', '\')
                }
                if ($__psdtSep -eq '/') { $__psdtOut = $__psdtOut.Replace('\', '/') }
                if ($Resolve) {
                    $__psdtFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($__psdtOut)
                    if (-not ([System.IO.File]::Exists($__psdtFull) -or [System.IO.Directory]::Exists($__psdtFull))) { throw "Cannot find path '$__psdtOut' because it does not exist." }
                    $__psdtOut = $__psdtFull
                }
                $__psdtOut
            }
        }
    }
}

if (-not (Get-Command -Name Test-Path -CommandType Cmdlet -ErrorAction Ignore)) {
    function global:Test-Path {
        [CmdletBinding(DefaultParameterSetName = 'Path')]
        param(
            [Parameter(Mandatory, Position = 0, ParameterSetName = 'Path', ValueFromPipeline)][AllowNull()][AllowEmptyString()][string[]]$Path,
            [Parameter(Mandatory, ParameterSetName = 'LiteralPath', ValueFromPipelineByPropertyName)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
            [ValidateSet('Any', 'Container', 'Leaf')][string]$PathType = 'Any'
        )
        process {
            foreach ($__psdtP in @($Path) + @($LiteralPath)) {
                if ([string]::IsNullOrWhiteSpace($__psdtP)) { if ($PSCmdlet.ParameterSetName -eq 'Path' -and $null -ne $Path) { $false }; continue }
                $__psdtFull = $null
                try { $__psdtFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($__psdtP) } catch { $false; continue }
                $__psdtLeaf = [System.IO.File]::Exists($__psdtFull)
                $__psdtDir = [System.IO.Directory]::Exists($__psdtFull)
                switch ($PathType) { 'Leaf' { $__psdtLeaf } 'Container' { $__psdtDir } default { $__psdtLeaf -or $__psdtDir } }
            }
        }
    }
}
