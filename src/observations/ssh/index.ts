export { type AlgorithmVerdict, isCbcCipher, isEtmMac, verdictFor } from './algorithms.js';
export { bitLength, fingerprintSha256, type HostKeyFacts, keyFamilyOfAlgorithm, parseHostKey } from './keys.js';
export { MAX_SSH1_PACKET, parseSsh1PublicKey, ssh1PacketSize } from './protocol1.js';
export { allCiphers, allMacs, type HostKeyObservation, isSshObservation, type Protocol1Facts, type SshObservation } from './types.js';
export { isVerdict, judgeOffered, sshObservationOrVerdict } from './verdicts.js';
export {
  encodeKexInit, encodeMpint, encodePacket, encodeString, encodeUint32, type Identification, type KexInit, MAX_IDENT_LINE, MAX_PACKET_BYTES, MSG,
  parseIdentification, parseKexInit, printable, Reader, SshParseError, takeIdentification, takePacket,
} from './wire.js';
