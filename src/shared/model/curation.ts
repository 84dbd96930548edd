import type * as Y from 'yjs'
import * as z from 'zod'
import { DOCUMENT_ID } from './documentId.js'

/**
 * What a network's facilitators curate, in its catalog beside the reviews (workflow.ts), which only
 * they may write: named, ordered collections of documents, the documents featured at the top of
 * every member's library, and the network's own list of topics. Each is checked as it is read; one
 * that does not parse is left out.
 */
const COLLECTIONS = 'collections'
const LISTS = 'lists'

const name = z.string().trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' })
const ids = z.array(z.string().regex(DOCUMENT_ID)).max(1000)

export const collectionSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name,
  description: z.string().max(500, { error: 'must be at most 500 characters' }),
  /** In the collection's order. */
  documents: ids,
})

export type Collection = z.infer<typeof collectionSchema>

export const topicsSchema = z.array(z.string().trim().min(1).max(60)).max(200)

export interface Curation {
  /** By name. */
  collections: Collection[]
  /** In the order they are featured. */
  featured: string[]
  topics: string[]
}

export function readCuration(catalog: Y.Doc): Curation {
  const collections = [...catalog.getMap(COLLECTIONS).values()]
    .flatMap((value) => {
      const parsed = collectionSchema.safeParse(value)
      return parsed.success ? [parsed.data] : []
    })
    .sort((a, b) => a.name.localeCompare(b.name))
  const lists = catalog.getMap(LISTS)
  const featured = ids.safeParse(lists.get('featured'))
  const topics = topicsSchema.safeParse(lists.get('topics'))
  return { collections, featured: featured.success ? featured.data : [], topics: topics.success ? topics.data : [] }
}

export function setCollection(catalog: Y.Doc, collection: Collection): void {
  catalog.getMap(COLLECTIONS).set(collection.id, collection)
}

export function deleteCollection(catalog: Y.Doc, id: string): void {
  catalog.getMap(COLLECTIONS).delete(id)
}

export function setFeatured(catalog: Y.Doc, documents: string[]): void {
  catalog.getMap(LISTS).set('featured', documents)
}

export function setTopics(catalog: Y.Doc, topics: string[]): void {
  catalog.getMap(LISTS).set('topics', topics)
}

/** Calls `listener` after each change to what is curated; returns the function that stops it. */
export function observeCuration(catalog: Y.Doc, listener: () => void): () => void {
  const [collections, lists] = [catalog.getMap(COLLECTIONS), catalog.getMap(LISTS)]
  collections.observe(listener)
  lists.observe(listener)
  return () => {
    collections.unobserve(listener)
    lists.unobserve(listener)
  }
}
