// prom-client's classes, imported one file each so that the relay does not load the rest of the
// package (the Pushgateway with http, https and zlib, Summary, cluster aggregation, default metrics).
declare module 'prom-client/lib/counter.js' {
  export { Counter as default } from 'prom-client'
}
declare module 'prom-client/lib/gauge.js' {
  export { Gauge as default } from 'prom-client'
}
declare module 'prom-client/lib/registry.js' {
  export { Registry as default } from 'prom-client'
}
