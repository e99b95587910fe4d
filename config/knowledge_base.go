package config

import (
	"errors"
	"path"
	"strings"

	"github.com/campaignbot/campaignbot"
)

func (b *builder) knowledgeBase() {
	raw, kb := &b.raw.KnowledgeBase, &b.cfg.KnowledgeBase
	b.folders = map[campaignbot.FolderPath]bool{}
	declared := map[campaignbot.FolderPath]bool{}
	var names []string
	for i, rf := range raw.Folders {
		p := index("knowledge_base.folders", i)
		fp, ok := b.folderPath(p+".path", rf.Path)
		if !ok {
			continue
		}
		if declared[fp] {
			b.r.at(p+".path", "folder %s is declared twice", quote(string(fp)))
			continue
		}
		declared[fp] = true
		names = append(names, string(fp))
		for q := fp; ; {
			b.folders[q] = true
			parent, ok := q.Parent()
			if !ok {
				break
			}
			q = parent
		}
		restricted, valid := b.booleanOK(p+".restricted", rf.Restricted, false)
		f := Folder{
			Path:       fp,
			Restricted: restricted,
			Members:    b.userList(p+".members", rf.Members),
			Groups:     trimList(rf.Groups),
		}
		for j, ch := range rf.Channels {
			if id, ok := b.channel(index(p+".channels", j), ch); ok {
				f.Channels = append(f.Channels, id)
			}
		}
		if valid && !f.Restricted && (len(rf.Members) > 0 || len(rf.Groups) > 0 || len(rf.Channels) > 0) {
			b.r.at(p, "members, groups and channels only apply to restricted folders: add restricted: true, or remove them")
		}
		if f.Restricted && len(rf.Members) == 0 && len(rf.Groups) == 0 && len(rf.Channels) == 0 {
			b.r.at(p, "a restricted folder needs members, groups or channels, or nobody but admins can see it")
		}
		kb.Folders = append(kb.Folders, f)
	}

	if u := strings.TrimSpace(raw.Unfiled); u != "" {
		if fp, ok := b.folderPath("knowledge_base.unfiled", u); ok {
			if b.declared("knowledge_base.unfiled", fp, names) {
				kb.Unfiled = fp
			}
		}
	}

	for i, rr := range raw.Rules {
		p := index("knowledge_base.rules", i)
		rule := FilingRule{Keywords: trimList(rr.Keywords)}
		for j, ch := range rr.Channels {
			if id, ok := b.channel(index(p+".channels", j), ch); ok {
				rule.Channels = append(rule.Channels, id)
			}
		}
		for j, g := range rr.Globs {
			g = strings.TrimSpace(g)
			if _, err := path.Match(g, ""); err != nil || g == "" {
				b.r.at(index(p+".globs", j), "bad pattern %s: use a file name pattern like *.psd (quote it in YAML: \"*.psd\")", quote(g))
				continue
			}
			rule.Globs = append(rule.Globs, g)
		}
		if strings.TrimSpace(rr.Folder) == "" {
			b.r.at(p, "folder is required: name the folder the rule files into, like \"Double 11/Design\"")
			continue
		}
		fp, ok := b.folderPath(p+".folder", rr.Folder)
		if !ok || !b.declared(p+".folder", fp, names) {
			continue
		}
		rule.Folder = fp
		kb.Rules = append(kb.Rules, rule)
	}
}

// folderPath parses a folder path.
func (b *builder) folderPath(p, s string) (campaignbot.FolderPath, bool) {
	fp, err := campaignbot.ParseFolderPath(s)
	if err != nil {
		var e *campaignbot.Error
		if errors.As(err, &e) {
			b.r.at(p, "bad folder path %s: %s", quote(s), e.Text.In(campaignbot.English))
		} else {
			b.r.at(p, "bad folder path %s: %v", quote(s), err)
		}
		return "", false
	}
	return fp, true
}

// declared reports whether fp is a declared folder or the parent of one,
// and reports a problem when it is not.
func (b *builder) declared(p string, fp campaignbot.FolderPath, names []string) bool {
	if b.folders[fp] {
		return true
	}
	if best := closest(string(fp), names); best != "" {
		b.r.at(p, "folder %s is not declared under knowledge_base.folders: did you mean %s?", quote(string(fp)), quote(best))
	} else {
		b.r.at(p, "folder %s is not declared under knowledge_base.folders: add it there", quote(string(fp)))
	}
	return false
}

// trimList trims every item and drops empty ones.
func trimList(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
