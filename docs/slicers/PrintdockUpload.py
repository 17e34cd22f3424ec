# Cura post-processing script: uploads the sliced G-code to your Obico library with Printdock.
# Save into Cura's configuration folder under scripts/, restart Cura, then add
# "Upload with Printdock" in Extensions > Post Processing > Modify G-Code.
# Cura hands post-processing scripts the G-code as text (one string per layer), not a file, so this
# writes it to a temporary file and runs `printdock upload` on it. Printdock's own code; MIT.
import os
import subprocess
import tempfile

from ..Script import Script


class PrintdockUpload(Script):
    def getSettingDataString(self):
        return """{
            "name": "Upload with Printdock",
            "key": "PrintdockUpload",
            "metadata": {},
            "version": 2,
            "settings": {
                "file_name": {"label": "Name on the server", "type": "str", "default_value": "cura.gcode"},
                "folder": {"label": "Library folder", "type": "str", "default_value": "From slicer"},
                "printer": {"label": "Print on (empty: upload only)", "type": "str", "default_value": ""}
            }
        }"""

    def execute(self, data):
        name = self.getSettingValueByKey("file_name") or "cura.gcode"
        folder = self.getSettingValueByKey("folder")
        printer = self.getSettingValueByKey("printer")
        directory = tempfile.mkdtemp(prefix="printdock-cura-")
        path = os.path.join(directory, os.path.basename(name))
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write("".join(data))
        command = ["printdock", "upload", "--folder", folder]
        if printer:
            command += ["--print", printer]
        command.append(path)
        subprocess.run(command, check=False)
        return data
