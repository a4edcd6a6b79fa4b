Attribute VB_Name = "Seuranta"
' xl-seuranta: ribbon callbacks of the "Seuranta" tab (customUI/customUI.xml).
' Every button has onAction="OnAction" and a tag; Python does the work:
'   RunPython "import xl_seuranta.app.macros as m; m.run_button('<tag>')"
' RunPython, ImportPythonUDFsToAddin and the config sheet "xl_seuranta.conf" come from the
' xlwings module of this add-in (xlwings, BSD 3-clause).
' Without the ribbon, the same actions run from Alt+F8: SeurantaTarkista, SeurantaLaske, ...,
' TestaaAsennus (scripts/excel_acceptance.py calls them the same way through Application.Run).
Option Explicit


Private Function Fi(ByVal s As String) As String
    ' The VBA editor reads source files in the ANSI code page: keep this file ASCII and spell
    ' the Finnish letters as {a} and {o} (a and o with umlaut).
    Fi = Replace(Replace(s, "{a}", ChrW(228)), "{o}", ChrW(246))
End Function

Public Sub OnAction(control As IRibbonControl)
    RunTag control.Tag
End Sub

Public Sub RunTag(ByVal tag As String)
    On Error GoTo Failed
    Select Case LCase$(tag)
        Case "tarkista", "laske", "tavoitteet", "paivita_kaikki"
            If ActiveWorkbook Is Nothing Then
                MsgBox Fi("Avaa ensin seurantaty{o}kirja."), vbInformation, "xl-seuranta"
                Exit Sub
            End If
            RunPython "import xl_seuranta.app.macros as m; m.run_button('" & LCase$(tag) & "')"
        Case "tuo_funktiot"
            TuoFunktiot
        Case "ohje"
            Ohje
        Case "testaa_asennus"
            TestaaAsennus
        Case Else
            MsgBox "Tuntematon painike: " & tag, vbExclamation, "xl-seuranta"
    End Select
    Exit Sub
Failed:
    MsgBox "Toiminto keskeytyi: " & Err.Description, vbExclamation, "xl-seuranta"
End Sub

Public Sub TuoFunktiot()
    ' Writes VBA wrappers of the Python cell functions (config key "UDF Modules") into this
    ' add-in, so =MUUTOS_PROS(...) etc. work in every workbook. Needs "Trust access to the VBA
    ' project object model" (File > Options > Trust Center > Macro Settings).
    On Error GoTo Failed
    ImportPythonUDFsToAddin
    On Error Resume Next
    ThisWorkbook.Save
    If Err.Number <> 0 Then
        On Error GoTo 0
        MsgBox Fi("Funktiot tuotu, mutta lis{a}osaa ei voitu tallentaa. Funktiot toimivat, kunnes " & _
               "Excel suljetaan; tuo ne tarvittaessa uudelleen."), vbInformation, "xl-seuranta"
        Exit Sub
    End If
    On Error GoTo 0
    MsgBox "Solufunktiot tuotu: esim. =MUUTOS_PROS(uusi; vanha) ja =TOTEUMA_PROS(toteuma; budjetti).", _
           vbInformation, "xl-seuranta"
    Exit Sub
Failed:
    MsgBox Fi("Funktioiden tuonti ep{a}onnistui: ") & Err.Description & vbNewLine & _
           Fi("Salli Luottamuskeskuksessa 'Luota VBA-projektin objektimallin k{a}ytt{o}{o}n'."), _
           vbExclamation, "xl-seuranta"
End Sub

Public Sub Ohje()
    ' The help text lives in Python (the catalogue's Macros.help), so the ribbon and the server show the same words.
    On Error GoTo Fallback
    RunPython "import xl_seuranta.app.macros as m; m.run_button('ohje')"
    Exit Sub
Fallback:
    MsgBox Fi("Ohjetta ei voitu n{a}ytt{a}{a}: Python ei vastaa. Asennusohje: docs/EXCEL.md"), vbInformation, "xl-seuranta"
End Sub

Public Sub SeurantaTarkista()
    RunTag "tarkista"
End Sub

Public Sub SeurantaLaske()
    RunTag "laske"
End Sub

Public Sub SeurantaTavoitteet()
    RunTag "tavoitteet"
End Sub

Public Sub SeurantaPaivitaKaikki()
    RunTag "paivita_kaikki"
End Sub

Public Sub TestaaAsennus()
    ' The installation self-test (xl_seuranta.app.doctor, the same checks as `xl-seuranta doctor`).
    ' VBA checks first what Python cannot report when it does not start: a workbook for RunPython
    ' and the interpreter named in the config sheet (xlwings would only say "Could not find
    ' Interpreter!"). The add-in's own path goes to Python in hex (HexUtf16), so the doctor reads
    ' the add-in that is loaded, whatever characters the path holds.
    Dim interpreter As String
    On Error GoTo Failed
    If ActiveWorkbook Is Nothing Then
        MsgBox Fi("Avaa ensin jokin ty{o}kirja (vaikka uusi tyhj{a}) ja paina sitten Testaa asennus."), _
               vbInformation, "xl-seuranta"
        Exit Sub
    End If
    interpreter = GetConfig("INTERPRETER_WIN", "")
    If interpreter <> "" And LCase$(interpreter) <> "python" And LCase$(interpreter) <> "pythonw" Then
        If Not FileExists(interpreter) Then
            MsgBox Fi("Python-tulkkia ei l{o}ydy: ") & interpreter & vbNewLine & vbNewLine & _
                   Fi("IT asentaa Pythonin ja xl-seurannan t{a}h{a}n polkuun (docs/EXCEL.md, kohta 2.1) " & _
                   "tai korjaa lis{a}osan asetuksen Interpreter_Win."), vbExclamation, "xl-seuranta"
            Exit Sub
        End If
    End If
    If RunPython("import xl_seuranta.app.macros as m; m.run_button('testaa_asennus', addin_hex='" & _
                 HexUtf16(ThisWorkbook.FullName) & "')") <> 0 Then
        MsgBox Fi("Python k{a}ynnistyi, mutta xl-seuranta ei vastannut (virheilmoitus edell{a}). " & _
               "Todenn{a}k{o}isesti xl-seuranta puuttuu tulkista ") & interpreter & vbNewLine & _
               Fi("IT: asenna se tulkin pip-komennolla: pip install xl-seuranta (docs/EXCEL.md, kohta 2.1)."), _
               vbExclamation, "xl-seuranta"
    End If
    Exit Sub
Failed:
    MsgBox Fi("Asennuksen testi keskeytyi: ") & Err.Description, vbExclamation, "xl-seuranta"
End Sub

Private Function HexUtf16(ByVal s As String) As String
    ' s as UTF-16 code units, four hex digits each (xl_seuranta.app.doctor.decode_addin_hex):
    ' safe inside the cmd.exe command line and a Python string (spaces, quotes, %, &, a and o
    ' with umlauts).
    Dim i As Long, out As String
    For i = 1 To Len(s)
        out = out & Right$("000" & Hex$(AscW(Mid$(s, i, 1)) And &HFFFF&), 4)
    Next i
    HexUtf16 = out
End Function
