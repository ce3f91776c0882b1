# The Pester configuration of the suite (a [PesterConfiguration] hashtable). Invoke-PesterSuite.ps1 runs each file
# with it, setting Run.Path and TestResult.OutputPath per file. Paths here are relative to the repository root.
@{
    Run        = @{
        Path     = 'tests/Pester'
        PassThru = $true
    }
    Should     = @{
        ErrorAction = 'Stop'
    }
    Output     = @{
        Verbosity           = 'Normal'
        StackTraceVerbosity = 'Filtered'
        CIFormat            = 'None'
    }
    TestResult = @{
        Enabled      = $true
        OutputFormat = 'JUnitXml'
        OutputPath   = 'TestResults/Pester/Pester.xml'
    }
}
