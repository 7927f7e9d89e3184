/**
 * The part a unit plays on a procedure's route (quy trình liên thông): the center that receives the
 * dossier, an agency that processes (thẩm định, quyết định) it, and the center that hands the
 * result over. Each route step and each holding period of a dossier has one.
 */
export enum RouteRole {
  RECEIVE = 'RECEIVE',
  PROCESS = 'PROCESS',
  RETURN = 'RETURN',
}
