// Preloaded (node --import) into a `casebook import` run by the import bench: at exit, says the
// process's peak resident memory, worker threads included, on the last line of stderr.
process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`))
