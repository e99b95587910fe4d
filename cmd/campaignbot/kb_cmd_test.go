package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestKnowledgeBaseConsoleAndExport(t *testing.T) {
	dir := isolate(t)
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("kickoff notes: 优惠券 banner by 10-09\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conv := filepath.Join(dir, "conversion.csv")
	if err := os.WriteFile(conv, []byte("日期,转化率\n10-10,3.2%\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	input := strings.Join([]string{
		"/as alice",
		"/share " + notes,
		"/kb save Double 11/Planning",
		"/kb tree",
		"/as li.na",
		"/in #double11-data",
		"/share " + conv,
		"/as alice",
		"/kb ls Double 11/Data",
		"/kb mkdir Double 11/Nope/../x",
		`/kb mv "Double 11" "Double 11/Planning"`,
		"/as wang.fang",
		`/kb archive "Double 11"`,
		"/kb export Double 11",
	}, "\n")
	code, out, errOut := run(t, input, "console")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	notesNumber := number(t, out, "as file #. Pick a folder to save it to.")
	for _, want := range []string{
		"[Save notes.txt to the knowledge base] /kb file " + notesNumber + " ",
		"Saved *notes.txt* to Double 11/Planning (file #" + notesNumber + ").",
		"Planning (1)",
		") to Double 11/Data (file #).",
		"There is no folder Double 11/Data.",
		"Folder names cannot be \"..\".",
		"cannot move into itself",
		"Archived Double 11 (",
		"Exported Double 11 (",
	} {
		if !numbered(want).MatchString(out) {
			t.Errorf("stdout lacks %q\n%s\n%s", want, out, errOut)
		}
	}
	if strings.Contains(out, "Data (1)") {
		t.Errorf("alice's tree counts the restricted file:\n%s", out)
	}

	zipPath := filepath.Join(dir, "d11.zip")
	code, out, errOut = run(t, "", "kb", "export", "Double 11", "-o", zipPath)
	if code != 0 || !strings.Contains(out, "Exported Double 11") {
		t.Fatalf("kb export: exit %d\n%s\n%s", code, out, errOut)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	all := strings.Join(names, "\n")
	for _, want := range []string{"Double 11/Planning/notes.txt", "Double 11/Data/conversion.csv", "index.json", "index.html"} {
		if !strings.Contains(all, want) {
			t.Errorf("zip lacks %s: %v", want, names)
		}
	}
	code, _, errOut = run(t, "", "kb", "export", "Nope", "-o", filepath.Join(dir, "x.zip"))
	if code != 1 || !strings.Contains(errOut, "There is no folder") {
		t.Errorf("export of a missing folder: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.zip")); !os.IsNotExist(err) {
		t.Error("a failed export left a zip behind")
	}
}

func TestKnowledgeBasePurge(t *testing.T) {
	dir := isolate(t)
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("kickoff notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "/share "+notes+"\n", "console"); code != 0 || !numbered("file #.").MatchString(out) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// Bytes stored before references were counted, that nothing uses.
	orphan := filepath.Join(dir, "files", "sha256", "ab", "ab"+strings.Repeat("0", 62))
	if err := os.MkdirAll(filepath.Dir(orphan), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphan, []byte("orphan bytes"), 0o640); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(orphan, old, old); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "kb", "purge")
	if code != 0 || !strings.Contains(out, "Purged 0 entries from the recycle bins; deleted 1 stored files (12 B) nothing uses.") {
		t.Fatalf("kb purge: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("the orphan is still stored: %v", err)
	}
	blobs, _ := filepath.Glob(filepath.Join(dir, "files", "sha256", "*", "*"))
	if len(blobs) != 1 {
		t.Errorf("blobs left: %v, want the shared notes", blobs)
	}
}
