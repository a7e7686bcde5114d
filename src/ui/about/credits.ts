/** Where the audio behind Oído comes from, as the licence files beside the data say. */
export interface Credit {
  title: string;
  author: string;
  licence: string;
  url: string;
  use: string;
  /** A song shipped in public/demo/ for Classify's "try a demo song" buttons. */
  demo?: { file: string; label: string };
}

export const SONG_CREDITS: Credit[] = [
  {
    title: 'Vibe Ace',
    author: 'Kevin MacLeod',
    licence: 'CC BY 3.0',
    url: 'https://freemusicarchive.org/music/Kevin_MacLeod/Jazz_Sampler/Vibe_Ace',
    use: 'demo song shipped with the app, and test song (jazz / electronic)',
    demo: { file: 'vibe-ace.ogg', label: 'Vibe Ace (jazz / electronic)' },
  },
  {
    title: 'P. I. Tchaikovsky: Dance of the Sugar Plum Fairy',
    author: 'Kevin MacLeod',
    licence: 'CC BY 3.0',
    url: 'https://freemusicarchive.org/music/Kevin_MacLeod/Classical_Sampler/Dance_of_the_Sugar_Plum_Fairy',
    use: 'test song (classical)',
  },
  {
    title: "Let's Go Fishin'",
    author: 'Karissa Hobbs',
    licence: 'CC BY 3.0',
    url: 'https://freemusicarchive.org/music/Karissa_Hobbs/Age_of_Flowers/09_Lets_Go_Fishin',
    use: 'test song (folk)',
  },
  {
    title: 'Hungarian Dance No. 5 (string orchestra)',
    author: 'Johannes Brahms, performed by the US Army Strings (Musopen)',
    licence: 'Public domain',
    url: 'https://musopen.org/music/43805-hungarian-dance-no-5-in-f-sharp-minor-woo-1-string-orchestra-arr/',
    use: 'demo song shipped with the app, and test song (string orchestra)',
    demo: { file: 'hungarian-dance-5.ogg', label: 'Hungarian Dance No. 5 (string orchestra)' },
  },
  {
    title: 'Jazz Trumpet Loops Pack in F 90 bpm (solo trumpet 06)',
    author: 'Mihai Sorohan',
    licence: 'CC BY 3.0',
    url: 'https://freesound.org/s/77711/',
    use: 'demo song shipped with the app, and test song (solo trumpet)',
    demo: { file: 'solo-trumpet.ogg', label: 'Solo trumpet' },
  },
  {
    title: 'Pistachio Ice Cream Ragtime',
    author: 'The Piano Lady (Lena Orsa)',
    licence: 'CC BY-NC 3.0',
    url: 'https://freesound.org/people/lena_orsa/sounds/442789/',
    use: 'test song (ragtime)',
  },
  {
    title: 'sweet waltz 0I_22mi',
    author: 'Setuniman',
    licence: 'CC BY-NC 3.0',
    url: 'https://freesound.org/people/Setuniman/sounds/147793/',
    use: 'test song (waltz)',
  },
];

export const SAMPLE_CREDITS: Credit[] = [
  {
    title: 'Philharmonia Orchestra sound samples',
    author: 'Philharmonia Orchestra players',
    licence: 'Free to use; not redistributed as samples',
    url: 'http://www.philharmonia.co.uk/explore/make_music',
    use: 'training the instrument model only (no sample ships with the app)',
  },
  {
    title: 'Salamander Grand Piano V3 (Yamaha C5)',
    author: 'Alexander Holm',
    licence: 'CC BY 3.0',
    url: 'http://creativecommons.org/licenses/by/3.0/',
    use: 'piano notes for the instrument model',
  },
  {
    title: 'OLPC Berklee Sound Library',
    author: 'Berklee College of Music for One Laptop per Child',
    licence: 'CC BY 3.0',
    url: 'http://wiki.laptop.org/go/Sound_samples',
    use: 'everyday sounds for the "other" class',
  },
  {
    title: 'Sounds of ROR (VSCO 2 Community Edition piano and violin, Karoryfer Black and Green Guitars)',
    author: 'Adam Buttrick; Versilian Studios; Karoryfer Samples',
    licence: 'see the project and each sample library',
    url: 'https://adambuttrick.github.io/sounds-of-ror/',
    use: 'piano, violin and guitar notes for the instrument model',
  },
  {
    title:
      'FSDKaggle2018: real recordings of cello, clarinet, double bass, flute, guitar, percussion, saxophone, violin',
    author:
      'E. Fonseca et al., "General-purpose tagging of Freesound audio with AudioSet labels", 2018; Freesound uploaders',
    licence: 'CC BY 4.0 (the set); each clip CC0, CC BY or CC BY-NC',
    url: 'https://zenodo.org/records/2552860',
    use: 'real playing for the instrument model, trained on and scored by file (no clip ships with the app)',
  },
  {
    title: 'MuseScore General and Fluid (R3) General MIDI sound fonts, played by FluidSynth',
    author: 'S. Christian Collins (MuseScore General); Frank Wen (Fluid R3); the FluidSynth developers',
    licence: 'MIT (the sound fonts); LGPL-2.1 (FluidSynth)',
    url: 'https://www.fluidsynth.org',
    use: 'phrases rendered at build time for the instrument model: other players, rooms and microphones of 16 of its classes (no sample ships with the app)',
  },
  {
    title: 'KTuberling sound themes: words spoken in about twenty languages',
    author: 'KDE contributors (KTuberling)',
    licence: 'GPL-2.0-or-later',
    url: 'https://apps.kde.org/ktuberling/',
    use: 'the instrument model’s “voice” class: real people speaking, so that speech is not called an instrument (no recording ships with the app)',
  },
];

export const DATASET_CREDITS: Credit[] = [
  {
    title: 'GTZAN genre collection: per-track librosa features',
    author: 'G. Tzanetakis and P. Cook, "Musical genre classification of audio signals", 2002',
    licence: 'research dataset',
    url: 'http://marsyas.info/index.html',
    use: 'training the genre model from features (no GTZAN audio ships with the app)',
  },
  {
    title: 'Reggaeton challenge data: Spotify audio features',
    author: 'Spike (challenge data from the Spotify Web API)',
    licence: 'challenge data',
    url: 'https://developer.spotify.com/documentation/web-api/reference/get-audio-features',
    use: 'training the reggaeton model (features only; no audio)',
  },
];
