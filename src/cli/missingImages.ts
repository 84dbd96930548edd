/** What an export or a report says of the images this device does not have yet (a network's, not yet downloaded): each is exported as its alt text. */
export function missingImages(count: number): string {
  const images = count === 1 ? 'image has' : `${count} images have`
  return `${count === 1 ? 'one ' : ''}${images} not reached this device yet, so ${count === 1 ? 'its' : 'their'} alt text stands in ${count === 1 ? 'its' : 'their'} place; run the app to sync, then export again.`
}
