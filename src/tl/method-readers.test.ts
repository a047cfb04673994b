import { describe, expect, it } from 'vitest'
import { deserializeTl, serializeTl } from './codec.js'
import { objectReaders, serverReaders } from './maps.js'
import { compileEntryReader } from './method-readers.js'
import { SafeTlReader } from './reader.js'
import { SampleBuilder, seededRandom } from './samples.test-helper.js'
import { apiSchemaEntries } from './schema.js'

describe('schema-compiled method readers', () => {
  // `mtcute.*` entries are the library's own, never on the wire
  const entries = apiSchemaEntries().filter((e) => !e.name.startsWith('mtcute.'))
  const samples = new SampleBuilder(entries, seededRandom(42))

  it('read back every API method that @mtcute/tl writes', () => {
    const methods = entries.filter((e) => e.kind === 'method')
    expect(methods.length).toBeGreaterThan(500)
    for (const method of methods) {
      const request = samples.build(method)
      const bytes = serializeTl(request)
      const back = deserializeTl(bytes, { readers: serverReaders(), exact: true })
      expect(back, method.name).toEqual(request)
    }
  })

  it('agree with @mtcute/tl on every object constructor', () => {
    for (const entry of entries.filter((e) => e.kind === 'class')) {
      const bytes = serializeTl(samples.build(entry))
      const theirs = SafeTlReader.from(objectReaders, bytes).object()
      const ours = compileEntryReader(entry)(SafeTlReader.from(objectReaders, bytes, 4))
      expect(ours, entry.name).toEqual(theirs)
    }
  })

  it('reads the wrapped requests a client sends first', () => {
    const request = {
      _: 'invokeWithLayer',
      layer: 223,
      query: {
        _: 'initConnection',
        apiId: 2040,
        deviceModel: 'test',
        systemVersion: 'linux',
        appVersion: '1.0',
        systemLangCode: 'en',
        langPack: '',
        langCode: 'en',
        query: {
          _: 'upload.getFile',
          precise: true,
          location: { _: 'inputPeerSelf' },
          offset: 4096,
          limit: 1024,
        },
      },
    }
    const back = deserializeTl(serializeTl(request as never), { readers: serverReaders() })
    expect(back).toMatchObject(request)
  })
})
