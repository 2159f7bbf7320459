// Package applehealth reads an Apple Health export (the export.xml that an
// iPhone's Health app writes with "Export All Health Data") and sums its
// samples up into one reading a day for each kind of measurement and
// source: cumulative types (steps, distance, energy) as the day's total,
// discrete types (heart rate, weight, blood glucose...) as the day's mean
// with the lowest, highest and count (record.Stats), blood pressure from
// its correlations, sleep as the time asleep a night, and cycle tracking
// and sexual activity as the day's values, marked sexual-health
// sensitive. Workouts are one entry each.
//
// The file is read as a stream (encoding/xml's RawToken, one element at a
// time): an export of 2 GB and millions of samples is never held whole,
// only the day summaries are. Days are the local days the samples were
// taken on, as the export writes them ("2024-03-01 08:15:00 +0100").
//
// When two sources measured the same summed type (the phone's steps and
// the watch's), summing both would count the day twice: Plan keeps one
// source a day (the one the person chose, or the one that counted most
// that day) and says what it chose.
//
// Open finds export.xml in an export.zip, the unzipped folder or the file
// itself, and the FHIR files of clinical-records/ beside it. Generate
// writes a synthetic export of any size, for tests and benchmarks.
package applehealth
