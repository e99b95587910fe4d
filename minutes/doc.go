// Package minutes reads meeting notes for the to-dos in them.
//
// Read goes through the notes line by line. A line (or bullet) that names
// an owner or a due date, in English or Chinese, is read as a to-do with
// package todotext:
//
//   - @alice 完成预热页 周五前
//     Action: Bob to send the coupon list by 10/8
//     负责人：@bob 10月8日前提交报名表
//     1. [ ] @carol update the banner by tomorrow 5pm #warmup-start
//
// Headings, blank lines and prose that names neither are skipped. Bullets
// ("-", "*", "•", "1.", "1)", "（1）", "1、", "[ ]"), lead-ins ("Action:",
// "Action item:", "TODO:", "To-do:", "待办：", "行动项：") and owner labels
// ("Owner:", "负责人：", "责任人：") are removed; a label followed by a bare
// name, and "Name to …" after a lead-in or at the start of a line, name an
// owner when the name is a known person.
//
// A line that names an owner or a date but cannot be read without guessing
// (a person nobody knows, a date that cannot be read, has passed or can be
// read several ways) is reported as a Problem with the reason, never
// turned into a to-do. Notes are read up to MaxLines lines and MaxChars
// characters, and lines up to MaxLine characters; what is left unread is
// reported too.
package minutes
