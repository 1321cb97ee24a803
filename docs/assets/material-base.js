/* Le script en ligne de Material 9.8.1 (partials/javascripts/base.html), servi comme fichier du site : la politique de
   sécurité de chaque page ne permet que les scripts du site, aucun script en ligne (overrides/main.html).
   Seul changement : la portée (base_url de la page, ou extra.scope) vient de l'attribut data-portee de sa balise
   (overrides/partials/javascripts/base.html). tests/test_csp.py vérifie que ce code suit celui de Material. */
__md_scope=new URL(document.currentScript.getAttribute("data-portee"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
