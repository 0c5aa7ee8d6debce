// Package fetcher is the first stage of the Tidings pipeline: it turns the
// documents its sources find into events.Documents on
// events.SubjectDocuments. Every Source sends its documents through one
// publishing path (PublishFunc: the content checked, the document built and
// published, through the object store when large); the inbox folder is the
// first source, and the rest of this comment is about it.
//
// A file is read only once it has settled (unchanged size and modification
// time for Config.SettleTime) and no writer may still be at work on it:
// inotify follows the writers of the inbox's files and of its subfolders'
// (a write not yet followed by a close holds a file back), and a file it
// could not follow must have been still for Config.QuietTime and be held
// open for writing by no process in /proc. Accepted files (the extensions of
// events.AcceptedMedia, holding text by events.DecodeText) are published,
// through the JetStream object store when they are too large for a
// message, and moved to processed/ only after the server has acknowledged
// the publish. Rejected files are moved to failed/
// beside a <name>.reason file. A file that could not be published because
// NATS was unavailable stays in the inbox and is retried on a later scan, so
// no file is ever lost.
//
// The inbox is watched with inotify (fsnotify, and the writers' watch on
// every subfolder) and rescanned periodically, so files already present at
// start and events the watchers missed are picked up too.
// The subdirectories processed/ and failed/ are never scanned.
package fetcher
